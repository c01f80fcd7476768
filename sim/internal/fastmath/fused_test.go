//go:build !amd64 || amd64.v3

package fastmath

// exactBuild: see exact_test.go.
const exactBuild = false
