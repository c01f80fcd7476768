// Package sim runs the digital-commerce growth model of MODEL.md: one
// scenario, fully resolved, integrated by fixed-step RK4.
//
// # Use
//
// Build a [Params] (usually with package scenarios, which reads TOML), call
// [Run], and read the [Result]: one [Snapshot] per output step. Nothing here
// reads files, parses TOML or draws charts; that keeps the model usable as a
// library and cheap to call many thousands of times from an experiment.
//
// # Indices
//
// Members i, segments s and pillars k are whatever the Params declare. Flat
// slices are indexed member-major: a per-member-and-segment value lives at
// i*S+s, a per-member-and-pillar value at i*K+k, a member-pair value at i*N+j.
package sim
