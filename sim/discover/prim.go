package discover

import (
	"fmt"
	"math"
	"slices"
)

// Objective is how PRIM scores a candidate peel.
type Objective int

const (
	// Lenient1 scores a peel by the gain in density per point removed,
	// (density_new - density_old) / (points_old - points_new): EMA
	// Workbench's default ("lenient1"), which favours small peels of
	// discrete or tied coordinates that remove more than alpha.
	Lenient1 Objective = iota
	// Original scores a peel by the density of the box left (Friedman and
	// Fisher 1999).
	Original
)

// Prim is the Patient Rule Induction Method (J. H. Friedman and N. I.
// Fisher, "Bump hunting in high-dimensional data", Statistics and Computing
// 9, 123-143, 1999) as used for scenario discovery (B. P. Bryant and R. J.
// Lempert, "Thinking inside the box", Technological Forecasting and Social
// Change 77, 34-49, 2010; EMA Workbench's prim module).
//
// Peeling starts from the initial box (Ranges, or the data's range) and
// repeatedly removes the slice of points below the PeelAlpha quantile or
// above the 1-PeelAlpha quantile of one coordinate in the box, the one with
// the best Objective, as long as that raises the density and leaves at
// least MinMass of all points. Pasting then widens the last box, one
// PasteAlpha slice of the points just outside one side at a time, while the
// density does not fall. Every box along the way is a step of the
// trajectory; the researcher picks one (see [Result.Choose]).
type Prim struct {
	PeelAlpha  float64   // share of the box's points removed per peel; 0 means 0.05
	PasteAlpha float64   // share of the box's points added per paste; 0 means 0.05
	MinMass    float64   // smallest share of all points a box may hold; 0 means 0.05
	Objective  Objective // peel score; the zero value is Lenient1
	// Ranges, if not nil, is the initial box (the sampled ranges of the
	// parameters); it must hold every point. Nil means the data's range.
	Ranges *Box
}

// Step is one box of the peeling and pasting trajectory.
type Step struct {
	Box   Box
	Stats Stats
	Phase string // "start", "peel" or "paste"
}

// Result is PRIM's trajectory on one data set.
type Result struct {
	Init  Box    // the initial box, from which restrictions are measured
	Steps []Step // step 0 is the initial box
	data  *data
}

// Find runs PRIM on points x (one row per point, one column per
// parameter) whose outcome is of interest where y is true.
func (p Prim) Find(x [][]float64, y []bool) (*Result, error) {
	peel, paste, minMass := p.PeelAlpha, p.PasteAlpha, p.MinMass
	if peel == 0 {
		peel = 0.05
	}
	if paste == 0 {
		paste = 0.05
	}
	if minMass == 0 {
		minMass = 0.05
	}
	if !(peel > 0 && peel < 0.5) {
		return nil, fmt.Errorf("discover: prim: peel alpha is %v, want a share in (0, 0.5), usually 0.05", p.PeelAlpha)
	}
	if !(paste > 0 && paste < 1) {
		return nil, fmt.Errorf("discover: prim: paste alpha is %v, want a share in (0, 1), usually 0.05", p.PasteAlpha)
	}
	if !(minMass > 0 && minMass < 1) {
		return nil, fmt.Errorf("discover: prim: minimum mass is %v, want a share in (0, 1), usually 0.05", p.MinMass)
	}
	if p.Objective != Lenient1 && p.Objective != Original {
		return nil, fmt.Errorf("discover: prim: unknown objective %d", p.Objective)
	}
	dt, err := newData("prim", x, y)
	if err != nil {
		return nil, err
	}
	init, err := dt.initBox("prim", p.Ranges)
	if err != nil {
		return nil, err
	}
	r := &Result{Init: init, data: dt}
	box := init.Clone()
	idx := dt.inside(box)
	r.Steps = append(r.Steps, Step{Box: box.Clone(), Stats: dt.stats(box, init, idx), Phase: "start"})
	minPoints := int(math.Ceil(minMass * float64(len(x))))
	for {
		nb, nidx, ok := p.peelOnce(dt, box, idx, peel, minPoints)
		if !ok {
			break
		}
		box, idx = nb, nidx
		r.Steps = append(r.Steps, Step{Box: box.Clone(), Stats: dt.stats(box, init, idx), Phase: "peel"})
	}
	for {
		nb, nidx, ok := pasteOnce(dt, box, init, idx, paste)
		if !ok {
			break
		}
		box, idx = nb, nidx
		r.Steps = append(r.Steps, Step{Box: box.Clone(), Stats: dt.stats(box, init, idx), Phase: "paste"})
	}
	return r, nil
}

// candidate is a box change: new limit in dimension dim, side lower or
// upper, and the points and cases of interest left.
type candidate struct {
	dim            int
	upper          bool
	limit          float64
	points, hits   int
	score, density float64
}

// peelOnce returns the best peel of box (points idx), or false when no
// peel raises the density and keeps at least minPoints.
func (p Prim) peelOnce(dt *data, box Box, idx []int, alpha float64, minPoints int) (Box, []int, bool) {
	n := len(idx)
	hits := 0
	for _, i := range idx {
		if dt.y[i] {
			hits++
		}
	}
	dens := float64(hits) / float64(n)
	k := int(math.Ceil(alpha * float64(n)))
	if k < 1 {
		k = 1
	}
	var best *candidate
	vals := make([]float64, n)
	type pv struct {
		v   float64
		hit bool
	}
	pts := make([]pv, n)
	for j := 0; j < dt.d; j++ {
		for a, i := range idx {
			pts[a] = pv{dt.x[i][j], dt.y[i]}
		}
		slices.SortFunc(pts, func(a, b pv) int {
			switch {
			case a.v < b.v:
				return -1
			case a.v > b.v:
				return 1
			}
			return 0
		})
		for a := range pts {
			vals[a] = pts[a].v
		}
		// Lower peel: remove the first m >= k points, m up to a change of
		// value so that ties go together.
		if k < n {
			m := k
			for m < n && vals[m] == vals[k-1] {
				m++
			}
			if m < n {
				removedHits := 0
				for a := 0; a < m; a++ {
					if pts[a].hit {
						removedHits++
					}
				}
				c := candidate{dim: j, limit: (vals[m-1] + vals[m]) / 2, points: n - m, hits: hits - removedHits}
				best = better(p.Objective, best, c, dens, n)
			}
			// Upper peel: remove the last m >= k points.
			m = k
			for m < n && vals[n-1-m] == vals[n-k] {
				m++
			}
			if m < n {
				removedHits := 0
				for a := n - m; a < n; a++ {
					if pts[a].hit {
						removedHits++
					}
				}
				c := candidate{dim: j, upper: true, limit: (vals[n-m-1] + vals[n-m]) / 2, points: n - m, hits: hits - removedHits}
				best = better(p.Objective, best, c, dens, n)
			}
		}
	}
	if best == nil || best.points < minPoints || !(best.density > dens) {
		return Box{}, nil, false
	}
	nb := box.Clone()
	if best.upper {
		nb.Hi[best.dim] = best.limit
	} else {
		nb.Lo[best.dim] = best.limit
	}
	var nidx []int
	for _, i := range idx {
		v := dt.x[i][best.dim]
		if v >= nb.Lo[best.dim] && v <= nb.Hi[best.dim] {
			nidx = append(nidx, i)
		}
	}
	return nb, nidx, true
}

// better returns the better of best and c (scored here): higher score,
// then more points left; the first found wins remaining ties, so the
// result does not depend on anything but the data.
func better(obj Objective, best *candidate, c candidate, dens float64, n int) *candidate {
	c.density = float64(c.hits) / float64(c.points)
	switch obj {
	case Original:
		c.score = c.density
	default:
		c.score = (c.density - dens) / float64(n-c.points)
	}
	if best == nil || c.score > best.score || (c.score == best.score && c.points > best.points) {
		return &c
	}
	return best
}

// pasteOnce returns the best paste of box (points idx): the one side of one
// restricted dimension whose widening by a slice of alpha·len(idx) of the
// points just outside gives the highest density, if that density is at
// least the box's. It returns false when no paste qualifies.
func pasteOnce(dt *data, box, init Box, idx []int, alpha float64) (Box, []int, bool) {
	n := len(idx)
	hits := 0
	for _, i := range idx {
		if dt.y[i] {
			hits++
		}
	}
	dens := float64(hits) / float64(n)
	k := int(math.Ceil(alpha * float64(n)))
	if k < 1 {
		k = 1
	}
	var best *candidate
	for _, j := range box.Restricted(init) {
		// Points inside the box in every dimension but j.
		var below, above []int
		for i, row := range dt.x {
			ok := true
			for jj, v := range row {
				if jj != j && (v < box.Lo[jj] || v > box.Hi[jj]) {
					ok = false
					break
				}
			}
			if !ok {
				continue
			}
			switch v := row[j]; {
			case v < box.Lo[j]:
				below = append(below, i)
			case v > box.Hi[j]:
				above = append(above, i)
			}
		}
		for side, out := range [][]int{below, above} {
			if len(out) == 0 {
				continue
			}
			upper := side == 1
			// Nearest first.
			slices.SortStableFunc(out, func(a, b int) int {
				va, vb := dt.x[a][j], dt.x[b][j]
				if upper {
					va, vb = -va, -vb
				}
				switch {
				case va > vb:
					return -1
				case va < vb:
					return 1
				}
				return 0
			})
			m := min(k, len(out))
			for m < len(out) && dt.x[out[m]][j] == dt.x[out[m-1]][j] {
				m++
			}
			var limit float64
			switch {
			case m == len(out) && upper:
				limit = init.Hi[j]
			case m == len(out):
				limit = init.Lo[j]
			default:
				limit = (dt.x[out[m-1]][j] + dt.x[out[m]][j]) / 2
			}
			added := 0
			for _, i := range out[:m] {
				if dt.y[i] {
					added++
				}
			}
			c := candidate{dim: j, upper: upper, limit: limit, points: n + m, hits: hits + added}
			c.density = float64(c.hits) / float64(c.points)
			c.score = c.density
			if best == nil || c.score > best.score || (c.score == best.score && c.points > best.points) {
				cc := c
				best = &cc
			}
		}
	}
	if best == nil || best.density < dens {
		return Box{}, nil, false
	}
	nb := box.Clone()
	if best.upper {
		nb.Hi[best.dim] = best.limit
	} else {
		nb.Lo[best.dim] = best.limit
	}
	return nb, dt.inside(nb), true
}

// Choose returns the index of the step a researcher would usually pick:
// the one with the highest coverage among those with density at least
// minDensity, higher density then fewer restricted dimensions breaking
// ties, then the earlier step. When no step is that dense it returns the densest step (highest
// coverage among equals).
func (r *Result) Choose(minDensity float64) int {
	best := -1
	for i, s := range r.Steps {
		if s.Stats.Density < minDensity {
			continue
		}
		if best < 0 {
			best = i
			continue
		}
		b := r.Steps[best].Stats
		if s.Stats.Coverage > b.Coverage || (s.Stats.Coverage == b.Coverage && (s.Stats.Density > b.Density ||
			(s.Stats.Density == b.Density && s.Stats.Restricted < b.Restricted))) {
			best = i
		}
	}
	if best >= 0 {
		return best
	}
	best = 0
	for i, s := range r.Steps {
		b := r.Steps[best].Stats
		if s.Stats.Density > b.Density || (s.Stats.Density == b.Density && s.Stats.Coverage > b.Coverage) {
			best = i
		}
	}
	return best
}

// Restriction is the limit a box puts on one dimension, with the
// quasi-p-value of each restricted side (NaN for a side left at the
// initial box's limit).
type Restriction struct {
	Dim                        int
	Lo, Hi                     float64
	LoRestricted, HiRestricted bool
	QPLo, QPHi                 float64
}

// Restrictions returns the restricted dimensions of step i with their
// quasi-p-values, in increasing order of dimension.
//
// A side's quasi-p-value (Bryant and Lempert 2010, as EMA Workbench
// computes it) asks whether the restriction matters: drop it (set that
// limit back to the initial box's), let p be the density of the wider box,
// and report the one-sided binomial probability of seeing at least the
// box's cases of interest among its points at rate p. A small value (say
// below 0.05) means the restriction is not a chance of the sample.
func (r *Result) Restrictions(i int) ([]Restriction, error) {
	if i < 0 || i >= len(r.Steps) {
		return nil, fmt.Errorf("discover: prim: step %d outside the trajectory's %d steps", i, len(r.Steps))
	}
	s := r.Steps[i]
	var out []Restriction
	for _, j := range s.Box.Restricted(r.Init) {
		rs := Restriction{Dim: j, Lo: s.Box.Lo[j], Hi: s.Box.Hi[j], QPLo: math.NaN(), QPHi: math.NaN()}
		rs.LoRestricted = s.Box.Lo[j] > r.Init.Lo[j]
		rs.HiRestricted = s.Box.Hi[j] < r.Init.Hi[j]
		if rs.LoRestricted {
			wide := s.Box.Clone()
			wide.Lo[j] = r.Init.Lo[j]
			rs.QPLo = r.quasiP(wide, s.Stats)
		}
		if rs.HiRestricted {
			wide := s.Box.Clone()
			wide.Hi[j] = r.Init.Hi[j]
			rs.QPHi = r.quasiP(wide, s.Stats)
		}
		out = append(out, rs)
	}
	return out, nil
}

func (r *Result) quasiP(wide Box, in Stats) float64 {
	st := r.data.stats(wide, r.Init, r.data.inside(wide))
	return binomUpper(in.Interest, in.Points, st.Density)
}
