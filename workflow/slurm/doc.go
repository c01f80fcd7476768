// Package slurm writes, and can submit, the Slurm job array that runs a
// sweep in shards and the job that merges the parts: the scripts, the
// checks of what goes into #SBATCH lines, and the sizing of tasks.
package slurm
