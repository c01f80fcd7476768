//go:build amd64 && !purego

package fastmath

import (
	"fmt"
	"math"
	"testing"
)

func TestProto16(t *testing.T) {
	for _, c := range []struct {
		name string
		k    func(dst, x []float64) int
		ref  func(dst, x []float64)
		args func(int, uint64) []float64
		m    func(float64) float64
	}{{"exp", exps16x512, exps16, expServing, math.Exp}, {"log", logs16x512, logs16, logServing, math.Log}} {
		x := c.args(1_000_000, 1)
		got, want := make([]float64, len(x)), make([]float64, len(x))
		if n := c.k(got, x); n != len(x) {
			t.Fatalf("%s did %d", c.name, n)
		}
		c.ref(want, x)
		worst := 0.0
		for k := range x {
			if math.Float64bits(got[k]) != math.Float64bits(want[k]) {
				t.Fatalf("%s(%v) = %v, go %v", c.name, x[k], got[k], want[k])
			}
			if m := c.m(x[k]); math.Abs(m) > 0.5 {
				worst = max(worst, ulps(got[k], m))
			}
		}
		t.Logf("%s worst %.2f ulp", c.name, worst)
	}
}

func BenchmarkProto(b *testing.B) {
	for _, c := range []struct {
		name string
		k    func(dst, x []float64) int
	}{{"exp512", exps512}, {"exp16", exps16x512}, {"log512", logs512}, {"log16", logs16x512}} {
		for _, n := range []int{80, 320, 640} {
			b.Run(fmt.Sprintf("%s/%d", c.name, n), func(b *testing.B) {
				x, dst := benchArgs(n), make([]float64, n)
				for b.Loop() {
					c.k(dst, x)
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/value")
			})
		}
	}
}
