package discover

import "math"

// binomUpper returns P(X >= k) for X ~ Binomial(n, p), the one-sided
// ("greater") binomial test's p-value, summed in log space so that tails
// far below 1e-16 keep their magnitude.
func binomUpper(k, n int, p float64) float64 {
	switch {
	case k <= 0:
		return 1
	case k > n:
		return 0
	case p <= 0:
		return 0
	case p >= 1:
		return 1
	}
	lgn, _ := math.Lgamma(float64(n + 1))
	lp, lq := math.Log(p), math.Log1p(-p)
	term := func(i int) float64 {
		a, _ := math.Lgamma(float64(i + 1))
		b, _ := math.Lgamma(float64(n - i + 1))
		return lgn - a - b + float64(float64(i)*lp) + float64(float64(n-i)*lq)
	}
	// log-sum-exp over i = k..n.
	max := math.Inf(-1)
	for i := k; i <= n; i++ {
		max = math.Max(max, term(i))
	}
	var s float64
	for i := k; i <= n; i++ {
		s += math.Exp(term(i) - max)
	}
	return math.Min(1, math.Exp(max+math.Log(s)))
}
