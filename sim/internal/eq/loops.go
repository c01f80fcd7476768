package eq

// The loops that apply the equations to every member, class, segment and
// pair, with the order of their sums: each is written once here, for one
// run (plain row slices), and called by the single run (package sim) and
// by the lanes' Go path (package lanes, one lane at a time); the lanes'
// vector kernels are generated from a description of the same nest and
// tested against these functions bit for bit. They are not in eq.go,
// which the generator reads as single-value arithmetic.

// Potentials applies equation 7 to every member and segment: M_is =
// Potential(pop_i, n_i, ceiling_s, rth_si, event_is) and ratio_is =
// Ratio(U_is, M_is) (equations 9 and 10's U/M). M, ratio, event and U
// are i*S+s, pop and n per member, ceiling per segment, rth (R^theta)
// s*N+i.
func Potentials(M, ratio, pop, n, ceiling, rth, event, U []float64, N, S int) {
	pop, n = pop[:N], n[:N]
	M, ratio, event, U = M[:N*S], ratio[:N*S], event[:N*S], U[:N*S]
	for s, ceil := range ceiling[:S] {
		for i, r := range rth[s*N : (s+1)*N][:N] {
			is := i*S + s
			pot := Potential(pop[i], n[i], ceil, r, event[is])
			M[is], ratio[is] = pot, Ratio(U[is], pot)
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
		for i := range N {
			is := i*S + s
			phi := ratio[is]
			if net {
				phi = Pull(phi, omega[s], num[is], den[is])
			}
			dU[is] = AdoptionRate(p[s], q[s], phi, M[is], U[is])
		}
	}
}

// ClassStats computes, from capacities c (i*C+class), equation 3's
// frontier front[class] = max_i c, and for each member the mean capacity
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
			front[cl] = max(front[cl], v)
		}
		cbar[i] = sum / K
		invLag[i] = InvLag(lag, sens, cbar[i])
	}
}
