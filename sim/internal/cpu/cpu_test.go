package cpu

import (
	"os"
	"runtime"
	"strings"
	"testing"
)

// TestAgreesWithKernel: on Linux, the flags the kernel reports in
// /proc/cpuinfo (which it shows only when the OS supports them) agree
// with what the check found.
func TestAgreesWithKernel(t *testing.T) {
	b, err := os.ReadFile("/proc/cpuinfo")
	if runtime.GOARCH != "amd64" || err != nil {
		t.Skip("no /proc/cpuinfo on amd64 here")
	}
	var flags map[string]bool
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "flags") {
			flags = map[string]bool{}
			for _, f := range strings.Fields(line[strings.Index(line, ":")+1:]) {
				flags[f] = true
			}
			break
		}
	}
	if flags == nil {
		t.Skip("no flags line")
	}
	wantAVX2 := flags["avx2"] && flags["fma"]
	wantAVX512 := wantAVX2 && flags["avx512f"]
	if purego {
		wantAVX2, wantAVX512 = false, false
	}
	if HasAVX2 != wantAVX2 || HasAVX512 != wantAVX512 {
		t.Errorf("HasAVX2 %v, HasAVX512 %v; /proc/cpuinfo says %v, %v", HasAVX2, HasAVX512, wantAVX2, wantAVX512)
	}
	allowed := Allowed(os.Getenv(Env))
	wantAVX2 = wantAVX2 && allowed >= 1
	wantAVX512 = wantAVX512 && allowed >= 2
	if AVX2 != wantAVX2 || AVX512 != wantAVX512 {
		t.Errorf("AVX2 %v, AVX512 %v; /proc/cpuinfo says %v, %v", AVX2, AVX512, wantAVX2, wantAVX512)
	}
}

// TestAllowed: the values of DIGISIM_SIMD and the widest path each allows.
func TestAllowed(t *testing.T) {
	for v, want := range map[string]int{"": 2, "avx512": 2, "avx2": 1, "none": 0, "purego": 0, "go": 0, "AVX2?": 2} {
		if got := Allowed(v); got != want {
			t.Errorf("Allowed(%q) = %d, want %d", v, got, want)
		}
	}
}
