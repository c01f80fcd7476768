package sample

import "fmt"

// Saltelli is Saltelli's scheme for estimating first-order and total Sobol'
// indices of D parameters (Saltelli 2002; Saltelli et al. 2010, Comput.
// Phys. Commun. 181, 259-270), built as SALib's saltelli/sobol sample
// builds it with calc_second_order=False (but unscrambled; recent SALib
// scrambles by default): point i of a 2D-dimensional Sobol' sequence
// (points Skip to Skip+N-1, see [Sobol]) gives row i of matrix A (its first
// D coordinates) and of matrix B (its last D), and AB_j is A with column j
// taken from B.
//
// Row order: the N(D+2) rows come in N blocks of D+2, one per base point i,
//
//	A_i, AB_1i, AB_2i, ..., AB_Di, B_i
//
// so row i(D+2) is A_i, row i(D+2)+1+j is AB_(j+1)i and row i(D+2)+D+1 is
// B_i. Package sensitivity reads model outputs in this order.
//
// N a power of two keeps the balance properties of the Sobol' points; a
// Skip of N (or another power of two at least N) also avoids the origin.
//
// With Scramble set, the 2D-dimensional Sobol' points are Owen-scrambled
// with key Seed (see [Sobol]), as SALib's sobol sampler does by default
// (with SciPy's scrambling, which differs); a scrambled design needs no
// Skip, and repeating it with other seeds gives independent estimates.
type Saltelli struct {
	N, D     int
	Skip     int
	Scramble bool
	Seed     uint64 // scrambling key; used only with Scramble
}

// Scrambled reports whether the design's points are scrambled.
func (s Saltelli) Scrambled() bool { return s.Scramble }

// Points returns the N(D+2) points.
func (s Saltelli) Points() ([][]float64, error) {
	if err := checkSize("saltelli", s.N, "n", s.D); err != nil {
		return nil, err
	}
	if 2*s.D > MaxSobolDim {
		return nil, fmt.Errorf("saltelli: d is %d, at most %d parameters are supported (2d Sobol' dimensions)", s.D, MaxSobolDim/2)
	}
	if err := (Sobol{N: s.N, D: 2 * s.D, Skip: s.Skip}).check(); err != nil {
		return nil, fmt.Errorf("saltelli: %w", err)
	}
	d := s.D
	g := newSobolGen(2 * d)
	if s.Scramble {
		g.owen = newOwen(s.Seed, 2*d)
	}
	g.seek(uint64(s.Skip))
	base := make([]float64, 2*d)
	out := rows(s.N*(d+2), d)
	for i := 0; i < s.N; i++ {
		g.next(base)
		a, b := base[:d], base[d:]
		blk := out[i*(d+2) : (i+1)*(d+2)]
		copy(blk[0], a)
		for j := 0; j < d; j++ {
			copy(blk[1+j], a)
			blk[1+j][j] = b[j]
		}
		copy(blk[d+1], b)
	}
	return out, nil
}
