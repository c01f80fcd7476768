// Package cpu tells which vector instructions the processor and the
// operating system offer (CPUID and XGETBV), for the assembly of
// sim/internal/fastmath and sim/internal/lanes: one check, read once at
// start. With the purego build tag, and off amd64, it reports none.
package cpu
