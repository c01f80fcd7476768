//go:build amd64 && !amd64.v3

package experiment_test

// exactBuild: the compiler fuses no multiply-add (GOAMD64 below v3), so
// the vector and batched paths must give the scalar paths' bits exactly.
// With GOAMD64=v3 or on other architectures the Go code may be fused where
// the assembly and the other path are not: the tests then allow rounding.
const exactBuild = true
