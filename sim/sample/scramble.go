package sample

// owen is a nested uniform scramble (A. B. Owen, "Randomly permuted
// (t,m,s)-nets and (t,m,s)-sequences", in Monte Carlo and Quasi-Monte
// Carlo Methods in Scientific Computing, Springer, 1995, 299-317) of the 32
// binary digits of each coordinate: digit k (k = 0 the most significant) of
// coordinate j is flipped or not by a random bit that depends on j, k and
// the k digits above it, so every node of the binary tree of intervals gets
// its own random permutation of its two halves. The random bits come from a
// hash keyed per dimension (the construction of S. Laine and T. Karras,
// "Stratified sampling for stochastic transparency", 2011, with a
// different hash), so a point's scramble depends only on the seed and the
// point, not on the order or number of points generated: shards agree.
type owen struct {
	key []uint64 // per dimension
}

// newOwen draws one key per dimension from Stream(seed, j, "sample/sobol-scramble").
func newOwen(seed uint64, d int) *owen {
	o := &owen{key: make([]uint64, d)}
	for j := range o.key {
		o.key[j] = Stream(seed, j, "sample/sobol-scramble").Uint64()
	}
	return o
}

// mix is the finaliser of SplitMix64 (G. Steele, D. Lea and C. Flood,
// "Fast splittable pseudorandom number generators", OOPSLA 2014): a
// bijection of 64-bit words whose output bits each depend on every input
// bit.
func mix(z uint64) uint64 {
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// scramble returns coordinate x of dimension j scrambled.
func (o *owen) scramble(j int, x uint32) uint32 {
	key := o.key[j]
	var flips uint32
	for k := 0; k < sobolBits; k++ {
		// The k digits above digit k, tagged with k so that prefixes of
		// different lengths get different bits.
		prefix := uint64(0)
		if k > 0 {
			prefix = uint64(x >> (sobolBits - k))
		}
		h := mix(key ^ mix(prefix<<6|uint64(k)))
		flips |= uint32(h>>63) << (sobolBits - 1 - k)
	}
	return x ^ flips
}
