package sim

import "math"

// powers evaluates the CES aggregate of equation 4 in logs. Exponents that
// are common choices (0, ±1/2, ±1, -2) are computed with sqrt and division,
// which are exact to rounding and several times cheaper than exp(rho*log c);
// any other exponent takes the general path.
type powers struct {
	kind []powerKind // per segment
	rho  []float64   // per segment
	K    int

	need [numPowerKinds]bool
	c    []float64 // N*K, the capacities last filled
	logc []float64 // N*K, log c
	inv  []float64 // N*K, 1/c
	sqrt []float64 // N*K, sqrt c
}

type powerKind int

const (
	powGeneral powerKind = iota
	powZero              // geometric mean
	powMinusOne
	powMinusHalf
	powHalf
	powOne
	powMinusTwo
	numPowerKinds
)

func newPowers(p *Params, N, K int) *powers {
	pw := &powers{K: K}
	for _, sg := range p.Segments {
		kind := powGeneral
		switch sg.Complementarity {
		case 0:
			kind = powZero
		case -1:
			kind = powMinusOne
		case -0.5:
			kind = powMinusHalf
		case 0.5:
			kind = powHalf
		case 1:
			kind = powOne
		case -2:
			kind = powMinusTwo
		}
		pw.kind = append(pw.kind, kind)
		pw.rho = append(pw.rho, sg.Complementarity)
		pw.need[kind] = true
	}
	pw.logc = make([]float64, N*K)
	pw.inv = make([]float64, N*K)
	pw.sqrt = make([]float64, N*K)
	return pw
}

// fill computes the per-capacity terms that the segments' kinds need.
func (pw *powers) fill(c []float64) {
	pw.c = c
	if pw.need[powGeneral] || pw.need[powZero] {
		for ik, v := range c {
			pw.logc[ik] = math.Log(v)
		}
	}
	if pw.need[powMinusOne] || pw.need[powMinusTwo] {
		for ik, v := range c {
			pw.inv[ik] = 1 / v
		}
	}
	if pw.need[powHalf] || pw.need[powMinusHalf] {
		for ik, v := range c {
			pw.sqrt[ik] = math.Sqrt(v)
		}
	}
}

// logCES returns log R_is for segment s and member i, with w the segment's
// normalised weights and active the pillars with w > 0.
func (pw *powers) logCES(s, i int, w []float64, active []int) float64 {
	K := pw.K
	sum := 0.0
	switch pw.kind[s] {
	case powZero:
		logc := pw.logc[i*K : (i+1)*K]
		for _, k := range active {
			sum += w[k] * logc[k]
		}
		return sum
	case powMinusOne:
		inv := pw.inv[i*K : (i+1)*K]
		for _, k := range active {
			sum += w[k] * inv[k]
		}
		return -math.Log(sum)
	case powMinusTwo:
		inv := pw.inv[i*K : (i+1)*K]
		for _, k := range active {
			sum += w[k] * inv[k] * inv[k]
		}
		return -0.5 * math.Log(sum)
	case powMinusHalf:
		sq := pw.sqrt[i*K : (i+1)*K]
		for _, k := range active {
			sum += w[k] / sq[k]
		}
		return -2 * math.Log(sum)
	case powHalf:
		sq := pw.sqrt[i*K : (i+1)*K]
		for _, k := range active {
			sum += w[k] * sq[k]
		}
		return 2 * math.Log(sum)
	case powOne:
		c := pw.c[i*K : (i+1)*K]
		for _, k := range active {
			sum += w[k] * c[k]
		}
		return math.Log(sum)
	}
	rho := pw.rho[s]
	logc := pw.logc[i*K : (i+1)*K]
	for _, k := range active {
		sum += w[k] * math.Exp(rho*logc[k])
	}
	return math.Log(sum) / rho
}
