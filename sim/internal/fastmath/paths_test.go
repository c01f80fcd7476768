package fastmath

// A path is one way Logs, Exps and InvSqrts can go on this processor: the
// Go loops alone or with the vector kernels.
type path struct {
	name string
	use  func() (restore func()) // selects the path until restore is called
}

// paths returns the paths this processor (and build) has, the Go loops first.
func paths() []path {
	set := func(avx2 bool) func() func() {
		return func() func() {
			old := useAVX2
			useAVX2 = avx2
			return func() { useAVX2 = old }
		}
	}
	ps := []path{{"go", set(false)}}
	if useAVX2 {
		ps = append(ps, path{"avx2", set(true)})
	}
	return ps
}
