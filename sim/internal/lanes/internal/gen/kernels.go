package main

import "fmt"

// The model's loop nests, once for both widths: each is its Go loop (a
// model loop of sim/internal/eq, width 1, or a generic loop of
// lanes_go.go: the same sums in the same order) with the loop over the
// lanes done by vector instructions, and the equations' arithmetic taken
// from eq.go (a.prep and a.eq). General-purpose registers hold the
// pointers and counters; the vector registers are allocated by asm. An
// element is 64 bytes at both widths: AVX2 holds it in a pair of ymm
// registers (asm.vec writes each instruction for both), or, where a nest
// needs more than 8 pairs, runs the nest twice, lanes 0-3 and then 4-7
// (asm.base adds 32 bytes to every array of elements).

type kernel struct {
	name    string
	params  string   // the Go signature's parameters
	results string   // and results
	scalar  []string // []float64 parameters that hold plain values, not elements
	flat    bool     // a loop over values, not elements: once at either width
	twice   bool     // AVX2: run the nest twice rather than in pairs (measured faster)
	doc     string
	nest    func(a *asm)
}

var kernels = []kernel{
	{name: "classStats", params: "front, cbar, invLag, c, size, lag, sens []float64, N, C int, K float64",
		scalar: []string{"size"}, doc: "eq.ClassStats for each lane", nest: classStats},
	{name: "weightedSums", params: "q, terms, w []float64, classes []int, N, C int",
		doc: "weightedSumsGo", nest: weightedSums},
	{name: "potential", params: "M, ratio, pop, n, ceiling, rth, event, U []float64, N, S int",
		doc: "eq.Potentials for each lane", nest: potential},
	{name: "network", params: "num, den, e, ratio, w []float64, N, S, G int",
		doc: "eq.NetworkSums for each lane", twice: true, nest: network},
	{name: "capacities", params: "de, dc, dn, e, c, n, a, kappa, front, cbar, invLag, speed, nmax []float64, group []int, engage, spill, floor []float64, N, C, G int",
		doc: "eq.Capacities for each lane, every class at the lane's spill", nest: capacities},
	{name: "adoption", params: "dU, U, M, ratio, num, den, p, q, omega []float64, networked []bool, N, S int",
		doc: "eq.Adoption for each lane", twice: true, nest: adoption},
	{name: "trade", params: "flow, x, e, w, pi, R, alpha []float64, N, S, G int",
		doc: "eq.Trade for each lane", nest: trade},
	{name: "sellers", params: "seller, purchases, bought, gt, flow []float64, N, S int",
		doc: "eq.Sellers for each lane", nest: sellers},
	// The generic loops over values (any multiple of 8 of them).
	{name: "addScaled", params: "dst, y, d []float64, h float64, n int", flat: true,
		doc: "addScaledGo for the first n values (a multiple of 8)", nest: addScaled},
	{name: "rk4Stage", params: "acc, tmp, y, d []float64, h float64, n int", flat: true,
		doc: "rk4StageGo for the first n values (a multiple of 8)", nest: rk4Stage},
	{name: "rk4Final", params: "y, acc, d []float64, h float64, n int", flat: true,
		doc: "rk4FinalGo for the first n values (a multiple of 8)", nest: rk4Final},
	{name: "recips", params: "dst, x []float64", flat: true,
		doc: "recipsGo for len(x) a positive multiple of 8", nest: recips},
	{name: "bounds", params: "x []float64", results: "lo, hi float64, ok bool", flat: true,
		doc: "boundsGo for len(x) a positive multiple of 8", nest: bounds},
}

// disp is a memory operand at displacement d from m.
func disp(d int, m string) string {
	if d == 0 {
		return m
	}
	return fmt.Sprintf("%d%s", d, m)
}

// loop closes a counted loop: reg += 1, back to label while reg < limit.
func (a *asm) next(reg, limit, label string) {
	a.p("INCQ %s", reg)
	a.p("CMPQ %s, %s", reg, limit)
	a.p("JLT %s", a.label(label))
}

func classStats(a *asm) {
	a.base("front", "DI")
	a.base("cbar", "R8")
	a.base("invLag", "R9")
	a.base("c", "SI")
	a.base("size", "R10")
	a.base("lag", "R11")
	a.base("sens", "R12")
	a.int("N", "CX")
	a.int("C", "DX")
	K := hold(a.bcast(a.argRef("K", "")))
	lag, sens := hold(a.load("(R11)")), hold(a.load("(R12)"))
	invLag := a.prep("InvLag", lag, sens, vary)
	greater := a.prep("Greater", vary, vary)
	// clear(front)
	z := a.zero()
	a.p("MOVQ DX, AX")
	a.p("MOVQ DI, BX")
	a.place("csclear")
	a.store(z, "(BX)")
	a.p("ADDQ $%d, BX", elem)
	a.p("DECQ AX")
	a.p("JNZ %s", a.label("csclear"))
	a.free(z)
	sum := hold(a.alloc())
	a.place("csrow") // for i
	a.zeroTo(sum)
	a.p("MOVQ DI, BX") // front[class]
	a.p("XORQ AX, AX")
	a.place("csclass") // for class: sum += size*c; front = Greater(front, c)
	v := a.load("(SI)")
	a.addTo(sum, a.bin("*", a.bcast("(R10)(AX*8)"), ref(v)))
	f := a.load("(BX)")
	a.store(greater.into([]val{f}, f, v), "(BX)") // front = Greater(front, c)
	a.free(v)
	a.free(f)
	a.p("ADDQ $%d, SI", elem)
	a.p("ADDQ $%d, BX", elem)
	a.next("AX", "DX", "csclass")
	cb := a.bin("/", ref(sum), ref(K)) // cbar = sum/K
	a.store(cb, "(R8)")
	il := invLag.at(cb)
	a.free(cb)
	a.store(il, "(R9)")
	a.free(il)
	a.p("ADDQ $%d, R8", elem)
	a.p("ADDQ $%d, R9", elem)
	a.p("DECQ CX")
	a.p("JNZ %s", a.label("csrow"))
	invLag.release()
	a.drop(K, lag, sens, sum)
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

func potential(a *asm) {
	a.base("M", "DI")
	a.base("ratio", "R8")
	a.base("event", "R9")
	a.base("U", "R10")
	a.base("pop", "R11")
	a.base("n", "R12")
	a.base("ceiling", "R13")
	a.base("rth", "R14")
	a.int("N", "CX")
	a.int("S", "DX")
	a.p("MOVQ CX, R15")
	a.p("SHLQ $6, R15") // rth's stride between segments
	ratio := a.prep("Ratio", vary, vary)
	a.place("ptrow") // for i
	pot := a.prep("Potential", mem("(R11)"), mem("(R12)"), vary, vary, vary)
	a.p("MOVQ R14, BX")
	a.p("MOVQ R13, SI")
	a.p("MOVQ DX, AX")
	a.place("ptseg") // for s
	M := pot.at(mem("(SI)"), mem("(BX)"), mem("(R9)"))
	a.store(M, "(DI)")
	r := ratio.at(mem("(R10)"), M)
	a.free(M)
	a.store(r, "(R8)")
	a.free(r)
	for _, p := range []string{"DI", "R8", "R9", "R10", "SI"} {
		a.p("ADDQ $%d, %s", elem, p)
	}
	a.p("ADDQ R15, BX")
	a.p("DECQ AX")
	a.p("JNZ %s", a.label("ptseg"))
	pot.release()
	for _, p := range []string{"R11", "R12", "R14"} {
		a.p("ADDQ $%d, %s", elem, p)
	}
	a.p("DECQ CX")
	a.p("JNZ %s", a.label("ptrow"))
	ratio.release()
}

// network computes the sums over partners for four segments at a time
// (one min per partner for the four, which the first pass also adds to
// den's sum), then one at a time for the rest: each sum still runs over j
// in ascending order from zero, as in eq.NetworkSums.
func network(a *asm) {
	N, S, G := a.argRef("N", ""), a.argRef("S", ""), a.argRef("G", "")
	a.base("num", "DI")
	a.base("den", "SI")
	a.base("e", "R8")
	a.base("ratio", "R10")
	a.base("w", "R12")
	a.p("MOVQ %s, R9", G)
	a.p("SHLQ $6, R9") // e's stride between members
	a.p("MOVQ %s, R11", S)
	a.p("SHLQ $6, R11") // ratio's stride between members
	a.p("MOVQ %s, AX", N)
	a.p("IMULQ %s, AX", S)
	a.p("XORQ BX, BX")
	z := a.zero()
	a.place("nwclear")
	a.store(z, "(DI)(BX*1)")
	a.store(z, "(SI)(BX*1)")
	a.p("ADDQ $%d, BX", elem)
	a.p("DECQ AX")
	a.p("JNZ %s", a.label("nwclear"))
	a.free(z)
	ei, td, den := hold(a.alloc()), hold(a.alloc()), hold(a.alloc())
	a.p("XORQ R13, R13") // g
	a.place("nwgroup")
	a.p("XORQ CX, CX") // i
	a.place("nwrow")
	a.p("MOVQ CX, BX")
	a.p("IMULQ R9, BX")
	a.vec("VMOVUPD", mem("(R8)(BX*1)"), ei) // e_ig
	a.zeroTo(td)                            // den's inner sum, kept after the first chunk
	a.p("XORQ DX, DX")                      // s0
	a.place("nwchunk")
	a.p("MOVQ %s, R15", S)
	a.p("SUBQ DX, R15")
	a.p("JLE %s", a.label("nwrowdone"))
	a.p("MOVQ DX, R14")
	a.p("SHLQ $6, R14")
	a.p("ADDQ R10, R14") // ratio of member 0, segment s0
	a.p("XORQ AX, AX")
	a.p("MOVQ R8, BX")
	big := 4 // segments a chunk: 2 in AVX2 pairs, for registers
	if a.pairs {
		big = 2
	}
	a.p("CMPQ R15, $%d", big)
	a.p("JLT %s", a.label("nwone"))
	chunk := func(k int, name string) {
		tn := make([]val, k)
		for q := range tn {
			tn[q] = hold(a.zero())
		}
		a.place(name)
		a.p("CMPQ AX, CX")
		a.p("JEQ %s", a.label(name+"next"))
		m := a.min(ref(ei), mem("(BX)")) // min(e_ig, e_jg)
		a.addTo(td, ref(m))
		for q := range tn {
			a.addTo(tn[q], a.bin("*", ref(m), mem(disp(q*elem, "(R14)"))))
		}
		a.free(m)
		a.place(name + "next")
		a.p("ADDQ R9, BX")
		a.p("ADDQ R11, R14")
		a.next("AX", N, name)
		// num_is += w_gs * sum, for the chunk's segments
		a.p("MOVQ DX, R15")
		a.p("SHLQ $6, R15") // s0*64
		a.p("MOVQ CX, BX")
		a.p("IMULQ R11, BX")
		a.p("ADDQ R15, BX")  // (i*S+s0)*64
		a.p("ADDQ R12, R15") // &w[g][s0]
		for q := range tn {
			a.addToMem(disp(q*elem, "(DI)(BX*1)"), a.bin("*", mem(disp(q*elem, "(R15)")), tn[q]))
			a.drop(tn[q])
		}
		a.p("TESTQ DX, DX")
		a.p("JNZ %s", a.label(name+"done"))
		a.move(den, td) // den's sum: the first chunk's partners, once
		a.place(name + "done")
	}
	chunk(big, "nwfour")
	a.p("ADDQ $%d, DX", big)
	a.p("JMP %s", a.label("nwchunk"))
	a.place("nwone")
	chunk(1, "nwonej")
	a.p("INCQ DX")
	a.p("JMP %s", a.label("nwchunk"))
	a.place("nwrowdone")
	// den_is += w_gs * den's sum, for every s
	a.p("MOVQ CX, BX")
	a.p("IMULQ R11, BX") // (i*S)*64
	a.p("XORQ DX, DX")
	a.place("nwdenw")
	a.p("MOVQ DX, R15")
	a.p("SHLQ $6, R15")
	t := a.bin("*", mem("(R12)(R15*1)"), ref(den))
	a.p("ADDQ BX, R15")
	a.addToMem("(SI)(R15*1)", t)
	a.next("DX", S, "nwdenw")
	a.next("CX", N, "nwrow")
	a.p("ADDQ $%d, R8", elem) // next group's e
	a.p("ADDQ R11, R12")      // next group's weights
	a.next("R13", G, "nwgroup")
	a.drop(ei, td, den)
}

func capacities(a *asm) {
	a.base("engage", "AX")
	engage := hold(a.load("(AX)"))
	a.base("spill", "AX")
	spill := hold(a.load("(AX)"))
	a.base("floor", "AX")
	floor := hold(a.load("(AX)"))
	absorb := a.prep("Absorption", floor, vary)
	coord := a.prep("CoordinationRate", engage, vary, vary, vary)
	online := a.prep("OnlineRate", vary, vary, vary)
	a.p("XORQ CX, CX")   // i
	a.p("XORQ R15, R15") // i*64
	a.p("XORQ R14, R14") // i*G*64
	a.p("XORQ R13, R13") // i*C*64
	a.place("cprow")
	a.base("cbar", "AX")
	ab := absorb.at(mem("(AX)(R15*1)"))
	rate := a.prep("CapacityRate", vary, vary, vary, vary, spill, ab)
	a.free(ab)
	a.base("invLag", "AX")
	il := a.load("(AX)(R15*1)")

	// de over groups
	a.base("de", "DI")
	a.p("ADDQ R14, DI")
	a.base("e", "SI")
	a.p("ADDQ R14, SI")
	a.base("kappa", "R8")
	a.int("G", "AX")
	a.place("cpgroup")
	d := coord.at(mem("(R8)"), mem("(SI)"), il)
	a.store(d, "(DI)")
	a.free(d)
	for _, p := range []string{"DI", "SI", "R8"} {
		a.p("ADDQ $%d, %s", elem, p)
	}
	a.p("DECQ AX")
	a.p("JNZ %s", a.label("cpgroup"))
	a.free(il)

	// dc over classes
	for _, b := range [][2]string{{"dc", "DI"}, {"c", "SI"}, {"a", "R8"}} {
		a.base(b[0], b[1])
		a.p("ADDQ R13, %s", b[1])
	}
	a.base("front", "R9")
	a.base("group", "R10")
	a.base("e", "R11")
	a.p("ADDQ R14, R11")
	a.p("XORQ AX, AX") // class
	a.p("XORQ DX, DX") // class*64
	a.int("C", "R12")
	a.place("cpclass")
	a.p("MOVQ (R10)(AX*8), BX")
	a.p("SHLQ $6, BX")
	d = rate.at(mem("(R8)(DX*1)"), mem("(SI)(DX*1)"), mem("(R11)(BX*1)"), mem("(R9)(DX*1)"))
	a.store(d, "(DI)(DX*1)")
	a.free(d)
	a.p("ADDQ $%d, DX", elem)
	a.next("AX", "R12", "cpclass")
	rate.release()

	// dn
	a.base("speed", "R8")
	a.base("n", "R9")
	a.base("nmax", "R10")
	a.base("dn", "R11")
	d = online.at(mem("(R8)(R15*1)"), mem("(R9)(R15*1)"), mem("(R10)(R15*1)"))
	a.store(d, "(R11)(R15*1)")
	a.free(d)

	a.p("ADDQ $%d, R15", elem)
	a.int("G", "AX")
	a.p("SHLQ $6, AX")
	a.p("ADDQ AX, R14")
	a.int("C", "AX")
	a.p("SHLQ $6, AX")
	a.p("ADDQ AX, R13")
	a.next("CX", a.argRef("N", ""), "cprow")
	absorb.release()
	coord.release()
	online.release()
	a.drop(engage, spill, floor)
}

func adoption(a *asm) {
	pull := a.prep("Pull", vary, vary, vary, vary)
	rate := a.prep("AdoptionRate", vary, vary, vary, vary, vary)
	a.base("dU", "DI")
	a.base("U", "SI")
	a.base("M", "R8")
	a.base("ratio", "R9")
	a.base("num", "R10")
	a.base("den", "R11")
	a.base("p", "R12")
	a.base("q", "R13")
	a.base("omega", "R14")
	a.base("networked", "R15")
	a.int("N", "CX")
	a.place("adrow")
	a.p("XORQ AX, AX")
	a.place("adseg")
	a.p("MOVQ AX, BX")
	a.p("SHLQ $6, BX")
	phi := a.load("(R9)") // phi = ratio
	a.p("MOVBLZX (R15)(AX*1), DX")
	a.p("TESTQ DX, DX")
	a.p("JZ %s", a.label("adplain"))
	pull.into([]val{phi}, phi, mem("(R14)(BX*1)"), mem("(R10)"), mem("(R11)"))
	a.place("adplain")
	d := rate.at(mem("(R12)(BX*1)"), mem("(R13)(BX*1)"), phi, mem("(R8)"), mem("(SI)"))
	a.free(phi)
	a.store(d, "(DI)")
	a.free(d)
	for _, p := range []string{"DI", "SI", "R8", "R9", "R10", "R11"} {
		a.p("ADDQ $%d, %s", elem, p)
	}
	a.next("AX", a.argRef("S", ""), "adseg")
	a.p("DECQ CX")
	a.p("JNZ %s", a.label("adrow"))
	pull.release()
	rate.release()
}

func trade(a *asm) {
	N, S, G := a.argRef("N", ""), a.argRef("S", ""), a.argRef("G", "")
	a.base("alpha", "AX")
	alpha := hold(a.load("(AX)"))
	access := a.prep("Access", alpha, vary)
	flow := a.prep("Flow", vary, vary, vary, vary)
	lesser := a.prep("Lesser", vary, vary)
	a.base("flow", "DI") // flow, (i*N+j)*S
	a.base("pi", "R11")  // pi, i*N+j
	a.p("MOVQ %s, R14", S)
	a.p("SHLQ $6, R14") // bytes of S elements
	a.p("MOVQ %s, R13", G)
	a.p("SHLQ $6, R13") // bytes of G elements
	z := hold(a.zero())
	a.p("XORQ CX, CX") // i
	a.place("trrow")
	a.p("MOVQ CX, R15")
	a.p("IMULQ R14, R15")
	a.addBase("x", "R15") // x_i
	a.p("MOVQ %s, AX", S)
	a.p("MOVQ R15, BX")
	a.place("trclearx")
	a.store(z, "(BX)")
	a.p("ADDQ $%d, BX", elem)
	a.p("DECQ AX")
	a.p("JNZ %s", a.label("trclearx"))
	a.p("XORQ DX, DX") // j
	a.place("trcol")
	a.p("CMPQ DX, CX")
	a.p("JNE %s", a.label("trpair"))
	a.p("MOVQ %s, AX", S) // flow_ii = 0
	a.p("MOVQ DI, BX")
	a.place("trclearf")
	a.store(z, "(BX)")
	a.p("ADDQ $%d, BX", elem)
	a.p("DECQ AX")
	a.p("JNZ %s", a.label("trclearf"))
	a.p("JMP %s", a.label("trnext"))
	a.place("trpair")
	pi := a.load("(R11)") // pi_ij
	a.p("XORQ AX, AX")    // s
	a.place("trseg")
	// h = sum_g w_gs Lesser(e_ig, e_jg)
	h := hold(a.zero())
	a.p("MOVQ CX, R8")
	a.p("IMULQ R13, R8")
	a.addBase("e", "R8") // e_i
	a.p("MOVQ DX, R9")
	a.p("IMULQ R13, R9")
	a.addBase("e", "R9") // e_j
	a.p("MOVQ AX, R10")
	a.p("SHLQ $6, R10")
	a.addBase("w", "R10") // w_0s
	a.p("MOVQ %s, BX", G)
	a.place("trgroup")
	a.addTo(h, a.bin("*", mem("(R10)"), lesser.at(mem("(R8)"), mem("(R9)"))))
	a.p("ADDQ $%d, R8", elem)
	a.p("ADDQ $%d, R9", elem)
	a.p("ADDQ R14, R10")
	a.p("DECQ BX")
	a.p("JNZ %s", a.label("trgroup"))
	// flow = Flow(pi, Access(alpha, h), R_is, R_js)
	a.p("MOVQ CX, R8")
	a.p("IMULQ R14, R8")
	a.p("MOVQ AX, R10")
	a.p("SHLQ $6, R10")
	a.p("ADDQ R10, R8")
	a.addBase("R", "R8") // R_is
	a.p("MOVQ DX, R9")
	a.p("IMULQ R14, R9")
	a.p("ADDQ R10, R9")
	a.addBase("R", "R9") // R_js
	acc := access.at(h)
	a.drop(h)
	f := flow.at(ref(pi), acc, mem("(R8)"), mem("(R9)"))
	a.free(acc)
	a.store(f, "(DI)(R10*1)")
	a.addToMem("(R15)(R10*1)", f) // x_is += flow
	a.next("AX", S, "trseg")
	a.free(pi)
	a.place("trnext")
	a.p("ADDQ R14, DI")
	a.p("ADDQ $%d, R11", elem)
	a.next("DX", N, "trcol")
	a.next("CX", N, "trrow")
	access.release()
	flow.release()
	lesser.release()
	a.drop(alpha, z)
}

func sellers(a *asm) {
	N := a.argRef("N", "")
	a.base("purchases", "DI") // purchases, i*N+j
	a.base("flow", "SI")      // flow, (i*N+j)*S
	a.base("bought", "AX")
	bought := hold(a.load("(AX)"))
	a.int("S", "R14")
	a.p("SHLQ $6, R14")
	z := hold(a.zero())
	a.p("XORQ CX, CX") // i
	a.place("slrow")
	a.p("MOVQ CX, R8")
	a.p("IMULQ R14, R8")
	a.addBase("gt", "R8") // gt_i
	a.p("XORQ DX, DX")    // j
	a.place("slcol")
	a.p("CMPQ DX, CX")
	a.p("JNE %s", a.label("slpair"))
	a.store(z, "(DI)")
	a.p("JMP %s", a.label("slnext"))
	a.place("slpair")
	a.p("MOVQ DX, R9")
	a.p("IMULQ R14, R9")
	a.addBase("seller", "R9") // seller_j
	p := hold(a.zero())       // purchases' sum
	a.p("XORQ AX, AX")
	a.place("slseg")
	X := a.bin("*", mem("(R8)(AX*1)"), mem("(SI)(AX*1)")) // X = gt_is*flow_ijs
	a.addToMem("(R9)(AX*1)", ref(X))                      // seller_js += X
	a.addTo(p, ref(X))
	a.addTo(bought, X)
	a.p("ADDQ $%d, AX", elem)
	a.p("CMPQ AX, R14")
	a.p("JLT %s", a.label("slseg"))
	a.store(p, "(DI)")
	a.drop(p)
	a.place("slnext")
	a.p("ADDQ R14, SI")
	a.p("ADDQ $%d, DI", elem)
	a.next("DX", N, "slcol")
	a.next("CX", N, "slrow")
	a.base("bought", "AX")
	a.store(bought, "(AX)")
	a.drop(bought, z)
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
// itself), and the least and greatest are of the other values.
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
