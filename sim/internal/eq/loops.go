package eq

// The loops that apply the equations to every member, class, segment and
// pair, with the order of their sums: each is written once here, for one
// run (plain row slices). The single run (package sim) calls them, the
// lanes' Go path runs them one lane at a time, and go generate in
// sim/internal/lanes compiles each into its AVX-512 and AVX2 kernels
// (internal/gen/compile.go: every float64 a vector of the 8 lanes, every
// int a register), so a loop changed here changes its kernels, and the
// lanes' tests hold every kernel to these functions bit for bit. The
// compiler knows the forms these loops use and refuses any other with the
// file and line:
//
//	for i := range n, for i, v := range x, for x := a; x < b; x += c
//	x := e, x = e, x += e (and lists of them), var a, b float64
//	x = x[:n] (a bound for Go's checks; the compiler takes the length)
//	x[i], x[lo:hi], x[lo:], x[:n], len(x), clear(x)
//	if c { ... } without else (c an int comparison or a bool), continue
//	switch on an int, with constant cases and fallthrough
//	ints: + - *, min, max; float64s: + - * /, float64(e), min and max
//	(MINPD and MAXPD: Go's but for NaN and zeros of opposite signs),
//	the equations of eq.go, and calls of another loop here (inlined)
//
// A float64 parameter is a value of each lane (an element in the kernel)
// unless the kernel names it shared. A condition a loop does not change is
// decided once before it (the kernel holds a copy of the loop for each
// outcome), so a loop may test its shape inside without cost.

// Potentials applies equation 7 to every member and segment: M_is =
// Potential(pop_i, n_i, ceiling_s, rth_si, event_is) and ratio_is =
// Ratio(U_is, M_is) (equations 9 and 10's U/M). M, ratio, event and U
// are i*S+s, pop and n per member, ceiling per segment, rth (R^theta)
// s*N+i.
func Potentials(M, ratio, pop, n, ceiling, rth, event, U []float64, N, S int) {
	pop, n = pop[:N], n[:N]
	M, ratio, event, U = M[:N*S], ratio[:N*S], event[:N*S], U[:N*S]
	for s, ceil := range ceiling[:S] {
		is := s // i*S+s
		for i, r := range rth[s*N : (s+1)*N][:len(pop)] {
			pot := Potential(pop[i], n[i], ceil, r, event[is])
			M[is], ratio[is] = pot, Ratio(U[is], pot)
			is += S
		}
	}
}

// Adoption applies equation 10 to every member and segment: dU_is =
// AdoptionRate(p_s, q_s, phi_is, M_is, U_is), with phi the adoption ratio,
// or Pull's network signal (equation 9) where networked[s]. dU, U, M,
// ratio, num and den are i*S+s; p, q, omega and networked per segment.
func Adoption(dU, U, M, ratio, num, den, p, q, omega []float64, networked []bool, N, S int) {
	dU, U, M, ratio, num, den = dU[:N*S], U[:N*S], M[:N*S], ratio[:N*S], num[:N*S], den[:N*S]
	p, q, omega = p[:S], q[:S], omega[:S]
	for s, net := range networked[:S] {
		ps, qs, om := p[s], q[s], omega[s]
		for is := s; is < len(dU); is += S { // member by member
			phi := ratio[is]
			if net {
				phi = Pull(phi, om, num[is], den[is])
			}
			dU[is] = AdoptionRate(ps, qs, phi, M[is], U[is])
		}
	}
}

// ClassStats computes, from capacities c (i*C+class), equation 3's
// frontier front[class] = max_i c (by Greater, from zero), and for each member the mean capacity
// cbar[i] = sum_class size*c / K over the K pillars (summed in class
// order from zero) and equation 2's 1/lag, InvLag(lag, sens, cbar).
func ClassStats(front, cbar, invLag, c, size []float64, lag, sens float64, N, C int, K float64) {
	front, size = front[:C], size[:C]
	cbar, invLag = cbar[:N], invLag[:N]
	clear(front)
	for i := range N {
		sum := 0.0
		for cl, v := range c[i*C : (i+1)*C][:len(front)] {
			sum += float64(size[cl] * v)
			front[cl] = Greater(front[cl], v)
		}
		cbar[i] = sum / K
		invLag[i] = InvLag(lag, sens, cbar[i])
	}
}

// Capacities applies equations 2, 3 and 6 to every member: de_ig =
// CoordinationRate(engage, kappa_g, e_ig, invLag_i) for each coordination
// group, dc_ik = CapacityRate(a_ik, c_ik, e_i,group[k], front_k, spill_k,
// Absorption(floor, cbar_i)) for each class and dn_i = OnlineRate(speed_i,
// n_i, nmax_i). e and de are i*G+g, c, dc and a i*C+class, kappa per
// group, front, spill and group per class, the rest per member.
func Capacities(de, dc, dn, e, c, n, a, kappa, front, cbar, invLag, speed, nmax, spill []float64,
	group []int, engage, floor float64, N, C, G int) {
	kappa, front, spill, group = kappa[:G], front[:C], spill[:C], group[:C]
	for i, il := range invLag[:N] { // equation 2
		ei, dei := e[i*G : (i+1)*G][:len(kappa)], de[i*G : (i+1)*G][:len(kappa)]
		for g, k := range kappa {
			dei[g] = CoordinationRate(engage, k, ei[g], il)
		}
	}
	for i, cb := range cbar[:N] { // equation 3
		absorb := Absorption(floor, cb)
		ei := e[i*G : (i+1)*G][:G]
		ci, dci := c[i*C : (i+1)*C][:len(group)], dc[i*C : (i+1)*C][:len(group)]
		ai := a[i*C : (i+1)*C][:len(group)]
		for cl, g := range group {
			dci[cl] = CapacityRate(ai[cl], ci[cl], ei[g], front[cl], spill[cl], absorb)
		}
	}
	speed, nmax, dn = speed[:len(n)], nmax[:len(n)], dn[:len(n)]
	for i, v := range n[:N] { // equation 6
		dn[i] = OnlineRate(speed[i], v, nmax[i])
	}
}

// NetworkSums computes the sums of equation 9's network term directly:
//
//	num_is = sum_g w_gs sum_{j!=i} min(e_ig, e_jg) ratio_js
//	den_is = sum_g w_gs sum_{j!=i} min(e_ig, e_jg)
//
// each inner sum over j in ascending order from zero, then weighted and
// added to num and den (zeroed first) group by group: quadratic in N, for
// small N (sim's pull has the linear form). e is i*G+g, w g*S+s, ratio,
// num and den i*S+s.
func NetworkSums(num, den, e, ratio, w []float64, N, S, G int) {
	num, den = num[:N*S], den[:N*S]
	clear(num)
	clear(den)
	for g := range G {
		wg := w[g*S : (g+1)*S]
		for i := range N {
			partnerSums(num[i*S:(i+1)*S], den[i*S:(i+1)*S], wg, e, ratio, i, g, N, G)
		}
	}
}

// partnerSums adds member i's terms of group g to its num and den (numi
// and deni, S values): the inner sums tn_s = sum_{j!=i} min(e_ig, e_jg)
// ratio_js and td = sum_{j!=i} min(e_ig, e_jg), j ascending from zero,
// each weighted by wg. The sums of four segments at a time are held in
// registers (t0..t3): each partner's addition then waits for the last
// one's add, not its store (and with few segments the loop over them
// costs more than their sums). Not inlined: on its own, its loop's values
// stay in registers.
//
//go:noinline
func partnerSums(numi, deni, wg, e, ratio []float64, i, g, N, G int) {
	S := len(numi)
	deni, wg = deni[:S], wg[:S]
	ei := e[i*G+g]
	td := 0.0
	for s0 := 0; s0 < S; s0 += 4 {
		k := min(4, S-s0) // the segments s0..s0+k-1
		var t0, t1, t2, t3 float64
		for j := range N {
			if j == i {
				continue
			}
			mij := min(ei, e[j*G+g])
			if s0 == 0 {
				td += mij
			}
			r := ratio[j*S+s0:][:k]
			switch k {
			case 4:
				t3 += float64(mij * r[3])
				fallthrough
			case 3:
				t2 += float64(mij * r[2])
				fallthrough
			case 2:
				t1 += float64(mij * r[1])
				fallthrough
			default:
				t0 += float64(mij * r[0])
			}
		}
		n, w := numi[s0:][:k], wg[s0:][:k]
		switch k {
		case 4:
			n[3] += float64(w[3] * t3)
			fallthrough
		case 3:
			n[2] += float64(w[2] * t2)
			fallthrough
		case 2:
			n[1] += float64(w[1] * t1)
			fallthrough
		default:
			n[0] += float64(w[0] * t0)
		}
	}
	for s, v := range wg {
		deni[s] += float64(v * td)
	}
}

// Trade computes the cross-border flows of equations 8 and 12 for every
// buyer i, seller j != i and segment s: the harmonisation h_ijs = sum_g
// w_gs Lesser(e_ig, e_jg) (from zero, in group order), flow_ijs =
// Flow(pi_ij, Access(alpha, h_ijs), R_is, R_js) and x_is = sum_j flow_ijs
// (j ascending from zero, before tradability); flow_iis = 0. e is i*G+g,
// w g*S+s, pi i*N+j, R and x i*S+s, flow (i*N+j)*S+s.
func Trade(flow, x, e, w, pi, R []float64, alpha float64, N, S, G int) {
	for i := range N {
		xi := x[i*S : (i+1)*S][:S]
		clear(xi)
		Ri := R[i*S : (i+1)*S][:len(xi)]
		for j := range N {
			fl := flow[(i*N+j)*S : (i*N+j+1)*S][:len(xi)]
			if j == i { // h_iis = 0: nothing is bought abroad at home
				clear(fl)
				continue
			}
			// h_ijs, summed group by group in fl, then replaced by the flow
			clear(fl)
			ei, ej := e[i*G:(i+1)*G], e[j*G : (j+1)*G][:G]
			for g, eig := range ei {
				l, wg := Lesser(eig, ej[g]), w[g*S : (g+1)*S][:len(fl)]
				for s, v := range wg {
					fl[s] += float64(v * l)
				}
			}
			pij, Rj := pi[i*N+j], R[j*S : (j+1)*S][:len(xi)]
			for s, h := range fl {
				f := Flow(pij, Access(alpha, h), Ri[s], Rj[s])
				fl[s] = f
				xi[s] += f
			}
		}
	}
}

// Sellers books each buyer's purchases abroad with its sellers (equation
// 14): X_ijs = gt_is flow_ijs for j != i, seller_js += X, purchases_ij =
// sum_s X (from zero), purchases_ii = 0, and returns bought plus every X,
// added in the order (i, j, s). gt (GMV times tradability) and seller are
// i*S+s, purchases i*N+j, flow (i*N+j)*S+s.
func Sellers(seller, purchases, gt, flow []float64, bought float64, N, S int) float64 {
	for i := range N {
		gi := gt[i*S : (i+1)*S][:S]
		for j := range N {
			if j == i {
				purchases[i*N+i] = 0 // nothing is bought abroad at home
				continue
			}
			fl := flow[(i*N+j)*S : (i*N+j+1)*S][:len(gi)]
			sj := seller[j*S : (j+1)*S][:len(gi)]
			p := 0.0
			for s, v := range gi {
				X := float64(v * fl[s])
				sj[s] += X
				p += X
				bought += X
			}
			purchases[i*N+j] = p
		}
	}
	return bought
}
