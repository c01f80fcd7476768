//go:build !(amd64 || arm64) || purego

package cpu

// No vector assembly here.
const AVX2, AVX512, HasAVX2, HasAVX512 = false, false, false, false

// No NEON assembly here.
const NEON, HasNEON = false, false
