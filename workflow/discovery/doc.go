// Package discovery runs scenario discovery on a finished sweep: which
// ranges of the uncertain parameters hold the runs whose outcome meets a
// condition ("dividend < 0", "gmv_2030 < p10"), by PRIM or CART, written as
// discover.csv, the peeling trajectory, charts and a sentence to paste.
package discovery
