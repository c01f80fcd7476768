// Package sweep runs an experiment, whole or one shard of it, into run
// tables: the resume protocol of an interrupted sweep, shards from the
// batch system's environment, merging parts, and the tables and manifest
// that follow from runs.csv.
package sweep
