// Package robust compares policy options across futures: per option the mean, percentiles, satisficing share and regret of an outcome, and the most robust option by a stated criterion.
package robust
