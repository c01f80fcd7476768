//go:build amd64 && !purego

package fastmath

import "math"

// Prototype: 16-entry tables, longer polynomials with FMAs.

var expBits16 [16]uint64
var logInv16, logCentre16 [16]float64

// p16 constants (one copy each), offsets *8 in assembly.
var p16Exp = [...]float64{
	16 / math.Ln2, 0x1.8p52, ln2Hi / 16, ln2Lo / 16, // 0..3
	0.5, 1.0 / 6, 1.0 / 24, 1.0 / 120, 1.0 / 720, 1.0 / 5040, // 4..9
	700, // 10
}

var p16Log = [...]float64{
	-0.5, 1.0 / 3, -0.25, 0.2, -1.0 / 6, 1.0 / 7, -0.125, 1.0 / 9, -0.1, 1.0 / 11, // 0..9
	ln2Hi, ln2Lo, 1, // 10..12
}

func init() {
	for i := range 16 {
		expBits16[i] = math.Float64bits(math.Exp2(float64(i)/16)) - uint64(i)<<48
		c := 1 + float64(i)/16
		logInv16[i] = 1 / c
		logCentre16[i] = -math.Log(logInv16[i])
	}
}

func exps16(dst, x []float64) {
	const (
		invLn2N = 16 / math.Ln2
		shift   = 0x1.8p52
	)
	dst = dst[:len(x)]
	for k, v := range x {
		if !(math.Abs(v) < 700) {
			dst[k] = math.Exp(v)
			continue
		}
		kd := math.FMA(v, invLn2N, shift)
		ki := math.Float64bits(kd)
		kd -= shift
		r := math.FMA(kd, -(ln2Hi / 16), v)
		r = math.FMA(kd, -(ln2Lo / 16), r)
		scale := math.Float64frombits(expBits16[ki&15] + ki<<48)
		r2 := r * r
		a := math.FMA(r, 1.0/6, 0.5)
		b := math.FMA(r, 1.0/120, 1.0/24)
		c := math.FMA(r, 1.0/5040, 1.0/720)
		h := math.FMA(r2, c, b)
		h = math.FMA(r2, h, a)
		p := math.FMA(r2, h, r)
		dst[k] = math.FMA(scale, p, scale)
	}
}

func logs16(dst, x []float64) {
	dst = dst[:len(x)]
	for k, v := range x {
		bits := math.Float64bits(v)
		const minNormal, inf = 0x0010000000000000, 0x7ff0000000000000
		if bits-minNormal >= inf-minNormal {
			dst[k] = math.Log(v)
			continue
		}
		const half = 1 << 47
		u := bits + half
		i := u >> 48 & 15
		e := float64(int64(u>>52) - 1023)
		z := math.Float64frombits(u&(1<<52-1) + (0x3ff0000000000000 - half))
		r := math.FMA(z, logInv16[i], -1)
		r2 := r * r
		r4 := r2 * r2
		a0 := math.FMA(r, 1.0/3, -0.5)
		a1 := math.FMA(r, 0.2, -0.25)
		b0 := math.FMA(r2, a1, a0)
		a2 := math.FMA(r, 1.0/7, -1.0/6)
		a3 := math.FMA(r, 1.0/9, -0.125)
		b1 := math.FMA(r2, a3, a2)
		a4 := math.FMA(r, 1.0/11, -0.1)
		c := math.FMA(r4, a4, b1)
		q := math.FMA(r4, c, b0)
		p := math.FMA(r2, q, r)
		hi := math.FMA(e, ln2Hi, logCentre16[i])
		lo := math.FMA(e, ln2Lo, p)
		dst[k] = hi + lo
	}
}

//go:noescape
func exps16x512(dst, x []float64) int

//go:noescape
func logs16x512(dst, x []float64) int
