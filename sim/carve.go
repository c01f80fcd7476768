package sim

// carve returns the next n values of *buf, capped at n, and moves *buf
// past them. A run makes many small slices that live as long as it does
// (its model, powers, gravity, outputs, and a clone of its parameters);
// carved from one allocation each, they cost one allocation, not dozens,
// in a sweep that makes them for every run.
func carve[T any](buf *[]T, n int) []T {
	v := (*buf)[:n:n]
	*buf = (*buf)[n:]
	return v
}
