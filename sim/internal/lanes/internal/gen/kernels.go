package main

import "fmt"

// The kernels: the model's loops, compiled from eq's loops.go (loop), and
// the generic loops of lanes_go.go, described here at the level of
// registers (nest: the same sums in the same order as their Go twins).
// An element is 64 bytes at both widths: AVX2 holds it in a pair of ymm
// registers (asm.vec writes each instruction for both), or, where a nest
// needs more than 8 pairs (or measured faster so), runs the nest twice,
// lanes 0-3 and then 4-7 (32 bytes on in every array of elements).

type kernel struct {
	name    string
	loop    string   // the model loop of loops.go it is compiled from (compile.go)
	params  string   // the Go signature's parameters (a loop's: from its own)
	results string   // and results
	scalar  []string // []float64 parameters that hold plain values, not elements
	shared  []string // float64 parameters of a loop the same for every lane
	ret     string   // a loop's float64 parameter its result is stored to
	flat    bool     // a loop over values, not elements: once at either width
	twice   bool     // AVX2: run the nest twice rather than in pairs (measured faster)
	x86only bool     // written with x86 instructions the arm64 translation lacks
	doc     string
	nest    func(a *asm)
}

var kernels = []kernel{
	{name: "classStats", loop: "ClassStats", scalar: []string{"size"}, shared: []string{"K"}},
	{name: "weightedSums", params: "q, terms, w []float64, classes []int, N, C int",
		doc: "weightedSumsGo", nest: weightedSums},
	{name: "potential", loop: "Potentials"},
	{name: "network", loop: "NetworkSums"},
	{name: "capacities", loop: "Capacities"},
	{name: "adoption", loop: "Adoption", twice: true},
	{name: "trade", loop: "Trade"},
	{name: "sellers", loop: "Sellers", ret: "bought"},
	// The generic loops over values (any multiple of 8 of them).
	{name: "addScaled", params: "dst, y, d []float64, h float64, n int", flat: true,
		doc: "addScaledGo for the first n values (a multiple of 8)", nest: addScaled},
	{name: "rk4Stage", params: "acc, tmp, y, d []float64, h float64, n int", flat: true,
		doc: "rk4StageGo for the first n values (a multiple of 8)", nest: rk4Stage},
	{name: "rk4Final", params: "y, acc, d []float64, h float64, n int", flat: true,
		doc: "rk4FinalGo for the first n values (a multiple of 8)", nest: rk4Final},
	{name: "recips", params: "dst, x []float64", flat: true,
		doc: "recipsGo for len(x) a positive multiple of 8", nest: recips},
	{name: "bounds", params: "x []float64", results: "lo, hi float64, ok bool", flat: true, x86only: true,
		doc: "boundsGo for len(x) a positive multiple of 8", nest: bounds},
}

// loop closes a counted loop: reg += 1, back to label while reg < limit.
func (a *asm) next(reg, limit, label string) {
	a.p("INCQ %s", reg)
	a.p("CMPQ %s, %s", reg, limit)
	a.p("JLT %s", a.label(label))
}

// weightedSums takes two members at a time, so that their two chains of
// additions overlap; each member's sum is still in the order of classes.
func weightedSums(a *asm) {
	a.base("q", "DI")
	a.base("terms", "SI")
	a.base("w", "R8")
	a.base("classes", "R9")
	a.p("MOVQ %s, R10", a.argRef("classes", "len"))
	a.int("N", "CX")
	a.int("C", "R11")
	a.p("SHLQ $6, R11")          // bytes of a member's row
	a.p("LEAQ (SI)(R11*1), R12") // the next member's row
	s0, s1 := hold(a.alloc()), hold(a.alloc())
	a.place("wspair")
	a.p("CMPQ CX, $2")
	a.p("JLT %s", a.label("wsrest"))
	a.zeroTo(s0)
	a.zeroTo(s1)
	a.p("XORQ AX, AX")
	a.p("MOVQ R8, DX")
	a.place("wspairclass")
	a.p("MOVQ (R9)(AX*8), BX")
	a.p("SHLQ $6, BX")
	w := a.load("(DX)")
	a.addTo(s0, a.bin("*", ref(w), mem("(SI)(BX*1)")))
	a.addTo(s1, a.bin("*", w, mem("(R12)(BX*1)")))
	a.p("ADDQ $%d, DX", elem)
	a.next("AX", "R10", "wspairclass")
	a.store(s0, "(DI)")
	a.store(s1, fmt.Sprintf("%d(DI)", elem))
	a.p("ADDQ $%d, DI", 2*elem)
	a.p("LEAQ (SI)(R11*2), SI")
	a.p("LEAQ (R12)(R11*2), R12")
	a.p("SUBQ $2, CX")
	a.p("JMP %s", a.label("wspair"))
	a.place("wsrest")
	a.p("TESTQ CX, CX")
	a.p("JZ %s", a.label("wsdone"))
	a.zeroTo(s0)
	a.p("XORQ AX, AX")
	a.p("MOVQ R8, DX")
	a.place("wsclass")
	a.p("MOVQ (R9)(AX*8), BX")
	a.p("SHLQ $6, BX")
	a.addTo(s0, a.bin("*", mem("(DX)"), mem("(SI)(BX*1)")))
	a.p("ADDQ $%d, DX", elem)
	a.next("AX", "R10", "wsclass")
	a.store(s0, "(DI)")
	a.place("wsdone")
	a.drop(s0, s1)
}

// flatLoop runs body over the first n values (register CX), a vector at a
// time (AX the index).
func (a *asm) flatLoop(name string, body func(at func(base string) string)) {
	a.p("XORQ AX, AX")
	a.place(name)
	a.p("CMPQ AX, CX")
	a.p("JGE %s", a.label(name+"done"))
	body(func(base string) string { return fmt.Sprintf("(%s)(AX*8)", base) })
	a.p("ADDQ $%d, AX", a.w.vbytes/8)
	a.p("JMP %s", a.label(name))
	a.place(name + "done")
}

func addScaled(a *asm) {
	a.base("dst", "DI")
	a.base("y", "SI")
	a.base("d", "R8")
	h := hold(a.bcast(a.argRef("h", "")))
	a.int("n", "CX")
	a.flatLoop("asloop", func(at func(string) string) {
		t := a.bin("+", a.bin("*", ref(h), mem(at("R8"))), mem(at("SI"))) // y + h*d
		a.store(t, at("DI"))
		a.free(t)
	})
	a.drop(h)
}

func rk4Stage(a *asm) {
	a.base("acc", "DI")
	a.base("tmp", "R8")
	a.base("y", "SI")
	a.base("d", "R9")
	h := hold(a.bcast(a.argRef("h", "")))
	a.int("n", "CX")
	a.flatLoop("stloop", func(at func(string) string) {
		d := a.load(at("R9"))
		t := a.bin("+", a.bin("+", ref(d), ref(d)), mem(at("DI"))) // acc + 2*d (d+d is 2*d exactly)
		a.store(t, at("DI"))
		a.free(t)
		t = a.bin("+", a.bin("*", d, ref(h)), mem(at("SI"))) // y + h*d
		a.store(t, at("R8"))
		a.free(t)
	})
	a.drop(h)
}

func rk4Final(a *asm) {
	a.base("y", "DI")
	a.base("acc", "SI")
	a.base("d", "R8")
	h := hold(a.bcast(a.argRef("h", "")))
	a.int("n", "CX")
	a.flatLoop("fnloop", func(at func(string) string) {
		t := a.bin("+", a.bin("*", a.bin("+", mem(at("SI")), mem(at("R8"))), ref(h)), mem(at("DI"))) // y + h*(acc + d)
		a.store(t, at("DI"))
		a.free(t)
	})
	a.drop(h)
}

func recips(a *asm) {
	a.base("dst", "DI")
	a.base("x", "SI")
	a.p("MOVQ %s, CX", a.argRef("x", "len"))
	one := a.konst(1)
	a.flatLoop("rcloop", func(at func(string) string) {
		t := a.bin("/", one, mem(at("SI")))
		a.store(t, at("DI"))
		a.free(t)
	})
}

// bounds: MINPD and MAXPD give their second source when one is NaN, so
// NaNs are counted apart (an unordered compare of each vector with
// itself); with none, the least and greatest are x's (with one, lo and hi
// may be NaN or miss a lane: ok is false and the caller looks no further).
func bounds(a *asm) {
	a.base("x", "SI")
	a.p("MOVQ %s, CX", a.argRef("x", "len"))
	lo := hold(a.load("(SI)"))
	hi := hold(a.alloc())
	a.move(hi, lo)
	var nan val
	if a.w == avx512 {
		a.p("KXORW K2, K2, K2") // NaN lanes
	} else {
		nan = hold(a.zero())
	}
	a.p("XORQ AX, AX")
	a.place("bdloop")
	x := a.load("(SI)(AX*8)")
	if a.w == avx512 {
		a.p("VCMPPD $3, %s, %s, K1", a.s(x), a.s(x))
		a.p("KORW K1, K2, K2")
	} else {
		m := a.alloc()
		a.p("VCMPPD $3, %s, %s, %s", a.s(x), a.s(x), a.s(m))
		a.p("VORPD %s, %s, %s", a.s(m), a.s(nan), a.s(nan))
		a.free(m)
	}
	a.min(ref(x), ref(lo), lo)
	a.max(x, ref(hi), hi)
	a.p("ADDQ $%d, AX", a.w.vbytes/8)
	a.p("CMPQ AX, CX")
	a.p("JLT %s", a.label("bdloop"))
	// Reduce the lanes.
	t := a.alloc()
	for _, r := range []struct {
		v   val
		ins string
	}{{lo, "MIN"}, {hi, "MAX"}} {
		y, x, tx := fmt.Sprintf("Y%d", r.v.r), fmt.Sprintf("X%d", r.v.r), fmt.Sprintf("X%d", t.r)
		if a.w == avx512 {
			a.p("VEXTRACTF64X4 $1, %s, Y%d", a.s(r.v), t.r)
			a.p("V%sPD Y%d, %s, %s", r.ins, t.r, y, y)
		}
		a.p("VEXTRACTF128 $1, %s, %s", y, tx)
		a.p("V%sPD %s, %s, %s", r.ins, tx, x, x)
		a.p("VPERMILPD $1, %s, %s", x, tx)
		a.p("V%sSD %s, %s, %s", r.ins, tx, x, x)
	}
	a.free(t)
	a.p("VMOVSD X%d, %s", lo.r, a.argRef("lo", ""))
	a.p("VMOVSD X%d, %s", hi.r, a.argRef("hi", ""))
	if a.w == avx512 {
		a.p("KMOVW K2, AX")
		a.p("TESTW AX, AX")
	} else {
		a.p("VMOVMSKPD %s, AX", a.s(nan))
		a.p("TESTL AX, AX")
		a.drop(nan)
	}
	a.p("SETEQ %s", a.argRef("ok", ""))
	a.drop(lo, hi)
}
