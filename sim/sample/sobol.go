package sample

import (
	"fmt"
	"math/bits"
)

// Sobol is the unscrambled Sobol' low-discrepancy sequence in D dimensions
// with the direction numbers of Joe and Kuo (new-joe-kuo-6.21201, see
// MaxSobolDim), generated in Gray-code order as in Joe and Kuo's sobol.cc
// and SciPy's qmc.Sobol(scramble=False): points Skip to Skip+N-1, the
// first point of the sequence being the origin. Unbounded distributions map
// the origin to -Inf; skipping a power of two at least N (or using N a power
// of two and Skip = N) avoids it while keeping the points a (t, m, s)-net.
// Coordinates have 32 bits, so Skip+N may be at most 2^32.
//
// With Scramble set, each coordinate's 32 binary digits are scrambled by
// Owen's nested uniform scrambling, keyed by Seed (the same Seed gives the
// same points, on any shard). Scrambled points keep the net properties
// (any 2^m consecutive points from a multiple of 2^m are a (t, m, s)-net:
// in the first two dimensions, every elementary box of area 2^-m holds one
// point), are each uniform on the cube, and integrate smooth functions with
// random errors that shrink faster than simple random sampling's and can be
// estimated by repeating with other seeds. A scrambled coordinate is the
// centre of its 2^-32 interval, so it is never 0 or 1, and the first point
// needs no skipping.
type Sobol struct {
	N, D     int
	Skip     int
	Scramble bool
	Seed     uint64 // scrambling key; used only with Scramble
}

// Scrambled reports whether the design's points are scrambled.
func (s Sobol) Scrambled() bool { return s.Scramble }

// Points returns the N points.
func (s Sobol) Points() ([][]float64, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	g := newSobolGen(s.D)
	if s.Scramble {
		g.owen = newOwen(s.Seed, s.D)
	}
	g.seek(uint64(s.Skip))
	out := rows(s.N, s.D)
	for _, row := range out {
		g.next(row)
	}
	return out, nil
}

func (s Sobol) check() error {
	if err := checkSize("sobol", s.N, "n", s.D); err != nil {
		return err
	}
	if s.D > MaxSobolDim {
		return fmt.Errorf("sobol: d is %d, at most %d dimensions are supported", s.D, MaxSobolDim)
	}
	if s.Skip < 0 {
		return fmt.Errorf("sobol: skip is %d, must be >= 0", s.Skip)
	}
	if uint64(s.Skip)+uint64(s.N) > 1<<sobolBits {
		return fmt.Errorf("sobol: skip + n is %d, at most 2^%d points are supported", uint64(s.Skip)+uint64(s.N), sobolBits)
	}
	return nil
}

const sobolBits = 32

// sobolGen generates Sobol' points one by one.
type sobolGen struct {
	v    [][sobolBits]uint32 // v[j][k]: direction number of bit k of dimension j, m_{k+1} << (31-k)
	x    []uint32            // the next point as 32-bit fractions
	i    uint64              // index of the next point
	owen *owen               // scramble, nil for the plain sequence
}

func newSobolGen(d int) *sobolGen {
	if d < 1 || d > MaxSobolDim {
		panic("sample: sobol dimension out of range")
	}
	g := &sobolGen{v: make([][sobolBits]uint32, d), x: make([]uint32, d)}
	for k := range sobolBits {
		g.v[0][k] = 1 << (sobolBits - 1 - k)
	}
	for j := 1; j < d; j++ {
		row := joeKuo[j-1]
		s := int(row.s)
		v := &g.v[j]
		for k := 0; k < s && k < sobolBits; k++ {
			v[k] = row.m[k] << (sobolBits - 1 - k)
		}
		// Joe and Kuo's recurrence: v_k = v_{k-s} ^ (v_{k-s} >> s) ^
		// sum over the inner coefficients a_1..a_{s-1} of a_i v_{k-i}.
		for k := s; k < sobolBits; k++ {
			v[k] = v[k-s] ^ (v[k-s] >> s)
			for i := 1; i < s; i++ {
				if (row.a>>(s-1-i))&1 == 1 {
					v[k] ^= v[k-i]
				}
			}
		}
	}
	return g
}

// seek makes point i the next one: the xor of the direction numbers of the
// set bits of i's Gray code.
func (g *sobolGen) seek(i uint64) {
	gray := i ^ (i >> 1)
	for j := range g.x {
		var x uint32
		for k := 0; k < sobolBits; k++ {
			if gray>>k&1 == 1 {
				x ^= g.v[j][k]
			}
		}
		g.x[j] = x
	}
	g.i = i
}

// next writes the next point to dst and advances.
func (g *sobolGen) next(dst []float64) {
	const scale = 1.0 / (1 << sobolBits)
	if g.owen != nil {
		for j, x := range g.x {
			dst[j] = (float64(g.owen.scramble(j, x)) + 0.5) * scale
		}
	} else {
		for j, x := range g.x {
			dst[j] = float64(x) * scale
		}
	}
	g.i++
	if g.i < 1<<sobolBits {
		c := bits.TrailingZeros64(g.i)
		for j := range g.x {
			g.x[j] ^= g.v[j][c]
		}
	}
}
