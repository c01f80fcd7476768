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
