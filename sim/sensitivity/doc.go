// Package sensitivity estimates how much each parameter of a function drives its outputs: Sobol' indices, Morris elementary effects and standardised regression coefficients.
package sensitivity
