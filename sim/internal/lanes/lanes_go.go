package lanes

import (
	"math"
	"sync"
)

// The Go path: where there is no vector kernel, each of the model's loops
// runs as the single run's own loop (package eq, width 1) once for every
// lane (byLane), so a lane's bits are the single run's by construction;
// the tests hold the vector kernels to the same functions. The generic
// loops (RK4's, Bounds, the CES kernels) have their Go twins here, with a
// loop over the lanes innermost.

const W = Width

// byLane runs an equation's loop of width 1 for every lane b: it gathers
// lane b of each slice of elements in xs (each cut to its shape: len/W
// elements) into scratch v, calls f(b, v), and scatters back the first out
// of them (the outputs, which are gathered too, so that f may add to
// them).
func byLane(out int, xs [][]float64, f func(b int, v [][]float64)) {
	sc := scratchPool.Get().(*scratch)
	defer scratchPool.Put(sc)
	total := 0
	for _, x := range xs {
		total += len(x) / W
	}
	if cap(sc.buf) < total {
		sc.buf = make([]float64, total)
	}
	v := sc.v[:0]
	buf := sc.buf[:total]
	for _, x := range xs {
		n := len(x) / W
		v, buf = append(v, buf[:n:n]), buf[n:]
	}
	sc.v = v
	for b := range W {
		for k, x := range xs {
			gather(v[k], x, b)
		}
		f(b, v)
		for k, x := range xs[:out] {
			scatter(x, v[k], b)
		}
	}
}

// scratch is byLane's memory, reused between calls.
type scratch struct {
	buf []float64
	v   [][]float64
}

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

// gather sets dst[k] = x[k*W+b], lane b of x's elements.
func gather(dst, x []float64, b int) {
	for k := range dst {
		dst[k] = x[k*W+b]
	}
}

// scatter sets x[k*W+b] = src[k].
func scatter(x, src []float64, b int) {
	for k, v := range src {
		x[k*W+b] = v
	}
}

func weightedSumsGo(q, terms, w []float64, classes []int, N, C int) {
	for i := range N {
		var acc [W]float64
		for j, cl := range classes {
			v := terms[(i*C+cl)*W : (i*C+cl+1)*W]
			wj := w[j*W : (j+1)*W]
			for b := range W {
				acc[b] += float64(wj[b] * v[b])
			}
		}
		copy(q[i*W:(i+1)*W], acc[:])
	}
}

func addScaledGo(dst, y, d []float64, h float64) {
	dst, d = dst[:len(y)], d[:len(y)]
	for k, v := range y {
		dst[k] = v + float64(h*d[k])
	}
}

func rk4StageGo(acc, tmp, y, d []float64, h float64) {
	acc, tmp, d = acc[:len(y)], tmp[:len(y)], d[:len(y)]
	for k, v := range y {
		acc[k] += 2 * d[k]
		tmp[k] = v + float64(h*d[k])
	}
}

func rk4FinalGo(y, acc, d []float64, h float64) {
	acc, d = acc[:len(y)], d[:len(y)]
	for k := range y {
		y[k] += float64(h * (acc[k] + d[k]))
	}
}

func boundsGo(x []float64) (lo, hi float64, ok bool) {
	lo, hi, ok = math.Inf(1), math.Inf(-1), true
	for _, v := range x {
		if v != v {
			ok = false
			continue
		}
		lo, hi = min(lo, v), max(hi, v)
	}
	return lo, hi, ok
}

func recipsGo(dst, x []float64) {
	dst = dst[:len(x)]
	for k, v := range x {
		dst[k] = 1 / v
	}
}
