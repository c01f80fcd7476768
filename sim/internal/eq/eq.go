// Package eq holds the model's equations (MODEL.md) for one value: each
// function is one equation's arithmetic, written once, which both a
// single run's loops (package sim) and the batch's lane loops (package
// lanes) call for every member, class or segment, and from which the
// lanes' vector kernels are generated (go generate in sim/internal/lanes
// reads this file: each function is one return of + - * /, float64(...),
// constants and calls of this package's functions, or if A op B {
// return X }; return Y; the generator refuses anything else). The functions are small enough to be
// inlined, so calling them costs nothing. Products that feed a sum are
// written float64(a*b) + c, so that no compiler fuses them into a
// multiply-add on some processors only (scripts/unfused.sh): a run gives
// the same bits on every build and in every path.
//
// The loops that apply these functions to every member, class, segment
// and pair, with the order of their sums, are in loops.go: the single run
// calls them, the lanes run them lane by lane where there is no vector
// kernel, and the generator compiles them into the vector kernels, which
// the lanes' tests hold to them bit for bit.
package eq

// InvLag is the reciprocal of equation 2's implementation lag for a
// member of mean capacity cbar: 1/L = 1/(lag (1 + sens (1 - cbar))).
func InvLag(lag, sens, cbar float64) float64 {
	return 1 / (lag * (1 + float64(sens*(1-cbar))))
}

// CoordinationRate is equation 2: de/dt = (engage kappa - e)/L, with
// invLag = 1/L.
func CoordinationRate(engage, kappa, e, invLag float64) float64 {
	return (float64(engage*kappa) - e) * invLag
}

// Absorption is equation 3's absorptive capacity of a member of mean
// capacity cbar: floor + (1 - floor) cbar.
func Absorption(floor, cbar float64) float64 {
	return floor + float64((1-floor)*cbar)
}

// CapacityRate is equation 3: dc/dt = a (1 - c) + e (front - c) sigma
// absorb, with a the member's investment in the class, e its effective
// coordination, front the class's frontier, spill its catch-up rate sigma
// and absorb = Absorption.
func CapacityRate(a, c, e, front, spill, absorb float64) float64 {
	return float64(a*(1-c)) + float64(e*(front-c)*(spill*absorb))
}

// OnlineRate is equation 6: dn/dt = speed n (1 - n/nmax).
func OnlineRate(speed, n, nmax float64) float64 {
	return speed * n * (1 - n/nmax)
}

// Potential is equation 7: M = pop n ceiling R^theta event, with rtheta =
// R^theta and event the events' multiplier.
func Potential(pop, n, ceiling, rtheta, event float64) float64 {
	return pop * n * ceiling * rtheta * event
}

// Ratio is the adoption ratio U/M of equations 9 and 10, 0 where there is
// no potential (M <= 0).
func Ratio(U, M float64) float64 {
	if M > 0 {
		return U / M
	}
	return 0
}

// Pull is equation 9's imitation signal with the network term: phi =
// (U/M + omega num)/(1 + omega den), from the network sums num and den.
func Pull(ratio, omega, num, den float64) float64 {
	return (ratio + float64(omega*num)) / (1 + float64(omega*den))
}

// AdoptionRate is equation 10: dU/dt = (p + q phi)(M - U), with phi the
// imitation signal (U/M, or Pull with a network).
func AdoptionRate(p, q, phi, M, U float64) float64 {
	return (p + float64(q*phi)) * (M - U)
}

// Lesser is min for the model's values, which are never NaN where it is
// used (capacities, coordination and readiness of a state in range): one
// comparison, without min's handling of NaN and signed zeros. Equations 8
// and 12 take it.
func Lesser(a, b float64) float64 {
	if b < a {
		return b
	}
	return a
}

// Greater is max in the same manner as Lesser: one comparison, ties and
// NaN in a giving b. Equation 3's frontier takes it.
func Greater(a, b float64) float64 {
	if a > b {
		return a
	}
	return b
}

// Access is the share of full bilateral access that a pair has (equation
// 12): alpha without any coordination, plus what harmonisation h adds to
// it. With alpha = 0 it is h, bit for bit.
func Access(alpha, h float64) float64 {
	return alpha + float64((1-alpha)*h)
}

// Flow is equation 12's flow from buyer i to seller j in one segment: the
// gravity share pi_ij times the pair's access times the weaker side's
// readiness min(R_is, R_js).
func Flow(pi, access, Ri, Rj float64) float64 {
	return float64(pi * access * Lesser(Ri, Rj))
}
