// Package sim runs the digital-commerce growth model of MODEL.md: one
// scenario, fully resolved, integrated by fixed-step RK4.
//
// # Use
//
// Build a [Params] (usually with package scenarios, which reads TOML), call
// [Run], and read the [Result]: one [Snapshot] per output step. Nothing here
// reads files, parses TOML or draws charts; that keeps the model usable as a
// library and cheap to call many thousands of times from an experiment.
// [RunBatch] integrates runs of one shape 8 at a time (AVX-512 loops of
// package sim/internal/lanes) and gives each exactly what Run gives it
// (MODEL.md, How the engine computes it); [BatchSize] says whether that
// pays here (where it does not, RunBatch runs each run alone). Run is the
// readable reference path. Params.StepLimit bounds a run's steps; no
// package variable changes how runs go.
//
// # Validation
//
// [Params.Validate] is the one check of a Params (lengths, the model's
// domain, and the rules that involve several values); [Run] calls it. Each
// problem is a [*FieldError] whose path is in the scenario files'
// vocabulary (members.KH.online_share), so that package scenarios can point
// at the line that set the value. Run's own errors are about the run:
// [*BaseError] (base users above potential) and [*StabilityError].
//
// # Tables
//
// Two tables in this package carry knowledge that would otherwise be
// spread over several places: outputs (snapshot.go) lists every slice of a
// [Snapshot] with its shape, and sizes and hands out the output memory;
// pillarInputs (model.go) lists every per-pillar input of Params and says
// whether pillars must agree in it to share a class. Tests fail when a
// field is added to Snapshot or a per-pillar slice to Params without its
// entry.
//
// # Indices
//
// Members i, segments s and pillars k are whatever the Params declare. Flat
// slices are indexed member-major: a per-member-and-segment value lives at
// i*S+s, a per-member-and-pillar value at i*K+k, a member-pair value at i*N+j.
package sim
