//go:build !amd64 || amd64.v3

package sim_test

// exactBuild: see exact_test.go.
const exactBuild = false
