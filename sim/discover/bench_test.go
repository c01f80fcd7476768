package discover

import "testing"

// BenchmarkPrim is PRIM on 10,000 points in 6 dimensions, the size of a
// large sweep.
func BenchmarkPrim(b *testing.B) {
	x, y := ruleData(b, 10000, 1)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := (Prim{}).Find(x, y); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkTree(b *testing.B) {
	x, y := ruleData(b, 10000, 1)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := (Tree{}).Fit(x, y); err != nil {
			b.Fatal(err)
		}
	}
}
