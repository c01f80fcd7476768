package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const (
	eqPath    = "../../../eq/eq.go"
	loopsPath = "../../../eq/loops.go"
)

// generateEq is generate with eq.go's source src and loops.go as it is;
// generateLoops with eq.go as it is and loops.go's source src.
func generateEq(t *testing.T, src []byte) (map[string][]byte, error) {
	return generate(eqPath, src, loopsPath, read(t, loopsPath))
}

func generateLoops(t *testing.T, src []byte) (map[string][]byte, error) {
	return generate(eqPath, read(t, eqPath), loopsPath, src)
}

// read is the file at path.
func read(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestGeneratedUpToDate: the checked-in kernels are what the generator
// makes from eq.go now, so that they cannot drift from the equations (run
// go generate in sim/internal/lanes after editing eq.go or kernels.go).
func TestGeneratedUpToDate(t *testing.T) {
	src := read(t, eqPath)
	files, err := generateEq(t, src)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 6 {
		t.Fatalf("%d files generated, want 6", len(files))
	}
	for name, want := range files {
		got, err := os.ReadFile(filepath.Join("..", "..", name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from what eq.go and kernels.go give: run go generate in sim/internal/lanes", name)
		}
	}
	// eq.go fuses no multiply-add, so neither may the kernels.
	for file, fused := range map[string][]string{
		"kernels_amd64.s": {"VFMADD", "VFMSUB", "VFNMADD", "VFNMSUB"},
		"kernels_arm64.s": {"FMLA", "FMLS", "FMADD", "FMSUB", "FNMADD", "FNMSUB"},
	} {
		for _, ins := range fused {
			if bytes.Contains(files[file], []byte(ins)) {
				t.Errorf("%s has %s: a fused multiply-add that eq.go does not write", file, ins)
			}
		}
	}
}

// TestARM64RefusesUnknown: a form the arm64 translation does not know
// fails go generate, naming the line, rather than the build or the bits.
func TestARM64RefusesUnknown(t *testing.T) {
	for _, line := range []string{
		"\tVFMADD231PD Y1, Y2, Y3",   // an instruction it does not know
		"\tVADDPD 8(BP), Y1, Y2",     // a register it has no twin for
		"\tVADDPD Y1, Y2, Y14",       // beyond neon's 14 vector registers
		"\tVCMPPD $0x03, Y1, Y2, Y3", // an unordered comparison
		"\tADDQ $-8, AX",             // ADDS $-8 would set other flags than x86
	} {
		_, err := translateARM64([]string{"\tMOVQ AX, BX", line})
		if err == nil || !strings.Contains(err.Error(), strings.TrimSpace(line)) {
			t.Errorf("%q: error %v, want one naming the line", line, err)
		}
	}
}

// TestARM64Encodings: the WORDs are the instructions their comments name.
// The expected words are GNU binutils' (aarch64-linux-gnu-as 2.40, Debian
// 12's binutils-aarch64-linux-gnu, then objdump -d) for the same
// instructions: fadd v1.2d, v2.2d, v3.2d and so on.
func TestARM64Encodings(t *testing.T) {
	for _, c := range []struct {
		op      string
		d, n, m int
		want    uint32
	}{
		{"FADD", 1, 2, 3, 0x4e63d441},
		{"FSUB", 1, 2, 3, 0x4ee3d441},
		{"FMUL", 1, 2, 3, 0x6e63dc41},
		{"FDIV", 1, 2, 3, 0x6e63fc41},
		{"FCMEQ", 1, 2, 3, 0x4e63e441},
		{"FCMGE", 1, 2, 3, 0x6e63e441},
		{"FCMGT", 1, 2, 3, 0x6ee3e441},
		{"EOR", 1, 2, 3, 0x6e231c41},
		{"ORR", 1, 2, 3, 0x4ea31c41},
		{"BSL", 1, 2, 3, 0x6e631c41},
		{"BIT", 1, 2, 3, 0x6ea31c41},
		{"BIF", 1, 2, 3, 0x6ee31c41},
		{"NOT", 1, 2, 3, 0x6e205841},
		{"DUP", 1, 20, 3, 0x4e080e81},
	} {
		got := word(c.op, c.d, c.n, c.m)
		if want := fmt.Sprintf("WORD $0x%08x ", c.want); !strings.HasPrefix(got, want) {
			t.Errorf("%s: %s, want %s", c.op, got, want)
		}
	}
}

// TestEquationReachesAssembly: an equation edited in eq.go changes the
// instructions of the kernels that use it, and only those.
func TestEquationReachesAssembly(t *testing.T) {
	src := read(t, eqPath)
	before, err := generateEq(t, src)
	if err != nil {
		t.Fatal(err)
	}
	old := "return (float64(engage*kappa) - e) * invLag"
	if !bytes.Contains(src, []byte(old)) {
		t.Fatalf("eq.go no longer has %q: update the test", old)
	}
	edited := bytes.Replace(src, []byte(old), []byte("return (float64(engage*kappa) - e) / invLag"), 1)
	after, err := generateEq(t, edited)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"capacitiesAVX512", "capacitiesAVX2"} {
		b, a := kernelText(t, before, k), kernelText(t, after, k)
		if strings.Count(a, "VDIVPD") != strings.Count(b, "VDIVPD")+1*(1+strings.Count(k, "AVX2")) {
			t.Errorf("%s: %d divisions after the edit, %d before", k, strings.Count(a, "VDIVPD"), strings.Count(b, "VDIVPD"))
		}
	}
	for _, k := range []string{"adoptionAVX512", "tradeAVX2", "classStatsAVX512"} {
		if kernelText(t, before, k) != kernelText(t, after, k) {
			t.Errorf("%s changed with an equation it does not use", k)
		}
	}
}

// TestUnknownFormRefused: an equation the generator cannot translate is
// an error that names it, never a silent mistranslation.
func TestUnknownFormRefused(t *testing.T) {
	refused(t, eqPath, generateEq, map[string]string{
		"return speed * n * (1 - n/nmax)":              "return speed * n * (1 - n%nmax)",
		"return pop * n * ceiling * rtheta * event":    "x := pop * n\n\treturn x * ceiling * rtheta * event",
		"return float64(pi * access * Lesser(Ri, Rj))": "return float64(pi * access * max(Ri, Rj))",
	})
}

// refused edits the source at path by each replacement in turn and checks
// that generating from it fails with an error naming the file's line.
func refused(t *testing.T, path string, gen func(*testing.T, []byte) (map[string][]byte, error), edits map[string]string) {
	t.Helper()
	src := read(t, path)
	name := filepath.Base(path)
	for old, repl := range edits {
		if !bytes.Contains(src, []byte(old)) {
			t.Fatalf("%s no longer has %q: update the test", name, old)
		}
		_, err := gen(t, bytes.Replace(src, []byte(old), []byte(repl), 1))
		if err == nil {
			t.Errorf("%q: no error", repl)
			continue
		}
		t.Log(err)
		if !strings.Contains(err.Error(), name+":") {
			t.Errorf("%q: the error %q does not name the line", repl, err)
		}
	}
}

// TestLoopReachesAssembly: a statement added to a loop of loops.go
// reaches the kernels compiled from that loop, and only those.
func TestLoopReachesAssembly(t *testing.T) {
	src := read(t, loopsPath)
	before, err := generateLoops(t, src)
	if err != nil {
		t.Fatal(err)
	}
	old := "dU[is] = AdoptionRate(ps, qs, phi, M[is], U[is])"
	if !bytes.Contains(src, []byte(old)) {
		t.Fatalf("loops.go no longer has %q: update the test", old)
	}
	after, err := generateLoops(t, bytes.Replace(src, []byte(old), []byte(old+" / phi"), 1))
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"adoptionAVX512", "adoptionAVX2"} {
		b, a := kernelText(t, before, k), kernelText(t, after, k)
		if strings.Count(a, "VDIVPD") <= strings.Count(b, "VDIVPD") {
			t.Errorf("%s: %d divisions after the edit, %d before", k, strings.Count(a, "VDIVPD"), strings.Count(b, "VDIVPD"))
		}
	}
	for _, k := range []string{"potentialAVX512", "networkAVX2", "capacitiesAVX512", "tradeAVX512"} {
		if kernelText(t, before, k) != kernelText(t, after, k) {
			t.Errorf("%s changed with a loop it is not compiled from", k)
		}
	}
}

// TestUnknownLoopRefused: a loop the compiler cannot translate is an error
// that names loops.go's line, never a silent mistranslation.
func TestUnknownLoopRefused(t *testing.T) {
	refused(t, loopsPath, generateLoops, map[string]string{
		"for s0 := 0; s0 < S; s0 += 4 {":     "for s0 := 0; s0 != S; s0 += 4 {",
		"phi := ratio[is]":                   "phi := ratio[is] * float64(is)",
		"if j == i { // h_iis = 0":           "if j == i || j < 0 { // h_iis = 0",
		"purchases[i*N+j] = p":               "purchases[i*N/1+j] = p",
		"dU[is] = AdoptionRate(ps, qs, phi,": "dU[is] = math.Abs(ps) + AdoptionRate(ps, qs, phi,",
	})
}

// kernelText is the assembly of kernel name in generated files.
func kernelText(t *testing.T, files map[string][]byte, name string) string {
	t.Helper()
	s := string(files["kernels_amd64.s"])
	i := strings.Index(s, "TEXT ·"+name+"(SB)")
	if i < 0 {
		t.Fatalf("no kernel %s", name)
	}
	j := strings.Index(s[i:], "\tRET\n")
	return s[i : i+j]
}
