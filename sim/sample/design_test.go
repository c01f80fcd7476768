package sample

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
)

func TestStream(t *testing.T) {
	draw := func(seed uint64, run int, name string) []uint64 {
		r := Stream(seed, run, name)
		out := make([]uint64, 4)
		for i := range out {
			out[i] = r.Uint64()
		}
		return out
	}
	base := draw(7, 3, "shocks")
	if !slices.Equal(base, draw(7, 3, "shocks")) {
		t.Error("same (seed, run, name) gave different numbers")
	}
	for _, tc := range []struct {
		name string
		seed uint64
		run  int
		s    string
	}{
		{"seed", 8, 3, "shocks"},
		{"run", 7, 4, "shocks"},
		{"name", 7, 3, "shock"},
		{"name suffix", 7, 3, "shocks2"},
	} {
		if slices.Equal(base, draw(tc.seed, tc.run, tc.s)) {
			t.Errorf("changing the %s did not change the stream", tc.name)
		}
	}
}

func TestDesignsAreDeterministic(t *testing.T) {
	for _, tc := range []struct {
		name string
		d    Design
	}{
		{"monte carlo", MonteCarlo{N: 20, D: 3, Seed: 9}},
		{"latin hypercube", LatinHypercube{N: 20, D: 3, Seed: 9}},
		{"morris", Morris{R: 5, D: 3, Levels: 4, Seed: 9}},
		{"sobol", Sobol{N: 20, D: 3}},
		{"saltelli", Saltelli{N: 16, D: 3, Skip: 16}},
		{"grid", Grid{Levels: []int{2, 3}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, err := tc.d.Points()
			if err != nil {
				t.Fatal(err)
			}
			b, _ := tc.d.Points()
			for i := range a {
				if !slices.Equal(a[i], b[i]) {
					t.Fatalf("point %d differs between calls: %v, %v", i, a[i], b[i])
				}
				for j, u := range a[i] {
					if !(u >= 0 && u <= 1) {
						t.Fatalf("point %d coordinate %d is %v, outside [0, 1]", i, j, u)
					}
					if u == 1 && tc.name != "morris" {
						t.Fatalf("point %d coordinate %d is 1; want [0, 1)", i, j)
					}
				}
			}
		})
	}
}

// TestMonteCarloShards checks that point i depends only on (seed, i): two
// shards computed with Skip give the same points as the whole design.
func TestMonteCarloShards(t *testing.T) {
	whole, _ := MonteCarlo{N: 10, D: 4, Seed: 3}.Points()
	lo, _ := MonteCarlo{N: 6, D: 4, Seed: 3}.Points()
	hi, _ := MonteCarlo{N: 4, D: 4, Seed: 3, Skip: 6}.Points()
	for i, p := range append(lo, hi...) {
		if !slices.Equal(p, whole[i]) {
			t.Errorf("point %d: shard %v, whole %v", i, p, whole[i])
		}
	}
	other, _ := MonteCarlo{N: 10, D: 4, Seed: 4}.Points()
	if slices.Equal(other[0], whole[0]) {
		t.Error("a different seed gave the same first point")
	}
}

func TestLatinHypercubeStrata(t *testing.T) {
	for _, n := range []int{1, 7, 100, 1000} {
		pts, err := LatinHypercube{N: n, D: 5, Seed: uint64(n)}.Points()
		if err != nil {
			t.Fatal(err)
		}
		for j := 0; j < 5; j++ {
			seen := make([]bool, n)
			for i, p := range pts {
				k := int(math.Floor(p[j] * float64(n)))
				if k < 0 || k >= n || seen[k] {
					t.Fatalf("n=%d dimension %d: point %d (%v) falls in stratum %d, already taken or out of range", n, j, i, p[j], k)
				}
				seen[k] = true
			}
		}
	}
}

func TestGridAndCross(t *testing.T) {
	got, err := Grid{Levels: []int{2, 3}}.Points()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]float64{
		{0.25, 1.0 / 6}, {0.25, 0.5}, {0.25, 5.0 / 6},
		{0.75, 1.0 / 6}, {0.75, 0.5}, {0.75, 5.0 / 6},
	}
	if len(got) != len(want) {
		t.Fatalf("%d points, want %d", len(got), len(want))
	}
	for i := range want {
		if !slices.Equal(got[i], want[i]) {
			t.Errorf("point %d: %v, want %v", i, got[i], want[i])
		}
	}
	c, err := Cross([][]float64{{10, 20}, {1}, {0.1, 0.2}})
	if err != nil {
		t.Fatal(err)
	}
	wantC := [][]float64{{10, 1, 0.1}, {10, 1, 0.2}, {20, 1, 0.1}, {20, 1, 0.2}}
	for i := range wantC {
		if !slices.Equal(c[i], wantC[i]) {
			t.Errorf("cross point %d: %v, want %v", i, c[i], wantC[i])
		}
	}
}

// TestSaltelliStructure checks the documented row order against the
// 2d-dimensional Sobol' sequence: A from its first d coordinates, B from
// the last d, AB_j equal to A but for column j from B.
func TestSaltelliStructure(t *testing.T) {
	const n, d, skip = 8, 3, 8
	pts, err := Saltelli{N: n, D: d, Skip: skip}.Points()
	if err != nil {
		t.Fatal(err)
	}
	if len(pts) != n*(d+2) {
		t.Fatalf("%d points, want %d", len(pts), n*(d+2))
	}
	base, _ := Sobol{N: n, D: 2 * d, Skip: skip}.Points()
	for i := 0; i < n; i++ {
		a, b := base[i][:d], base[i][d:]
		blk := pts[i*(d+2) : (i+1)*(d+2)]
		if !slices.Equal(blk[0], a) || !slices.Equal(blk[d+1], b) {
			t.Fatalf("block %d: A %v B %v, want %v %v", i, blk[0], blk[d+1], a, b)
		}
		for j := 0; j < d; j++ {
			want := slices.Clone(a)
			want[j] = b[j]
			if !slices.Equal(blk[1+j], want) {
				t.Errorf("block %d AB_%d: %v, want %v", i, j+1, blk[1+j], want)
			}
		}
	}
}

func TestMorrisTrajectories(t *testing.T) {
	for _, levels := range []int{2, 4, 6} {
		m := Morris{R: 50, D: 5, Levels: levels, Seed: 1}
		pts, err := m.Points()
		if err != nil {
			t.Fatal(err)
		}
		delta := m.Delta()
		for tr := 0; tr < m.R; tr++ {
			traj := pts[tr*(m.D+1) : (tr+1)*(m.D+1)]
			moved := make([]bool, m.D)
			for _, p := range traj {
				for j, u := range p {
					l := u * float64(levels-1)
					if math.Abs(l-math.Round(l)) > 1e-12 || u < 0 || u > 1 {
						t.Fatalf("levels %d trajectory %d: coordinate %d = %v is not a grid level", levels, tr, j, u)
					}
				}
			}
			for k := 1; k <= m.D; k++ {
				var changed []int
				for j := range traj[k] {
					if traj[k][j] != traj[k-1][j] {
						changed = append(changed, j)
					}
				}
				if len(changed) != 1 {
					t.Fatalf("levels %d trajectory %d step %d changes coordinates %v, want one", levels, tr, k, changed)
				}
				j := changed[0]
				// Grid values L/(p-1): the step is exact to rounding of one division.
				if step := math.Abs(traj[k][j] - traj[k-1][j]); math.Abs(step-delta) > 1e-15 {
					t.Fatalf("levels %d trajectory %d step %d moves by %v, want %v", levels, tr, k, step, delta)
				}
				if moved[j] {
					t.Fatalf("levels %d trajectory %d moves coordinate %d twice", levels, tr, j)
				}
				moved[j] = true
			}
		}
	}
}

func TestDesignErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		d    Design
		want string
	}{
		{"monte carlo n", MonteCarlo{N: 0, D: 2}, "monte carlo: n is 0, must be > 0"},
		{"lhs d", LatinHypercube{N: 3, D: -1}, "latin hypercube: d is -1, must be > 0"},
		{"sobol dimension", Sobol{N: 3, D: MaxSobolDim + 1}, "sobol: d is 1001, at most 1000 dimensions are supported"},
		{"sobol skip", Sobol{N: 3, D: 2, Skip: -1}, "sobol: skip is -1, must be >= 0"},
		{"sobol length", Sobol{N: 3, D: 2, Skip: math.MaxUint32}, "at most 2^32 points"},
		{"saltelli dimension", Saltelli{N: 4, D: 501}, "saltelli: d is 501, at most 500 parameters"},
		{"morris odd levels", Morris{R: 4, D: 2, Levels: 5}, "morris: levels is 5, must be even and >= 2"},
		{"grid levels", Grid{Levels: []int{2, 0}}, "grid: levels[1] is 0, must be > 0"},
		{"grid empty", Grid{}, "grid: no dimensions"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.d.Points()
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
}

func TestMap(t *testing.T) {
	dists := []Dist{Uniform{Min: 10, Max: 20}, Choice{Values: []float64{1, 2}}}
	got, err := Map([][]float64{{0.5, 0.75}, {0, 0}}, dists)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got[0], []float64{15, 2}) || !slices.Equal(got[1], []float64{10, 1}) {
		t.Errorf("Map = %v", got)
	}
	for _, tc := range []struct {
		name   string
		points [][]float64
		dists  []Dist
		want   string
	}{
		{"length", [][]float64{{0.5}}, dists, "point 0 has 1 coordinates for 2 distributions"},
		{"outside", [][]float64{{0.5, 1.5}}, dists, "point 0 coordinate 1 is 1.5, outside [0, 1]"},
		{"invalid", [][]float64{{0.5}}, []Dist{Normal{SD: 0}}, "dists[0]: normal: sd is 0, must be > 0"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Map(tc.points, tc.dists)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
}

func BenchmarkSobol(b *testing.B) {
	for _, d := range []int{10, 100} {
		b.Run("d="+strconv.Itoa(d), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := (Sobol{N: 4096, D: d}).Points(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkSaltelli(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := (Saltelli{N: 4096, D: 10, Skip: 4096}).Points(); err != nil {
			b.Fatal(err)
		}
	}
}
