//go:build !amd64 || purego

package cpu

// AVX2 and AVX512: no vector assembly here.
const AVX2, AVX512 = false, false
