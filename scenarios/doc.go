// Package scenarios reads, checks and resolves scenario files: the TOML
// description of a region (members, segments, policy pillars), its base
// year and a coordination policy, turned into the sim.Params of one run.
// TOML stays here; package sim never sees it.
//
// # Shipped scenarios
//
// The ASEAN scenarios are embedded in the binary (List, Load by name):
// asean-2018 (the ten members in 2018, coordination at information
// sharing) and the policies that extend it: no-coordination, agreement,
// binding, capacity-building and business-engaged. Each file documents
// its data, its named assumptions and the dates it assumes.
//
// # Schema
//
// Keys are lower_snake_case. Top level: name, description, extends,
// pillars (the pillar ids, in order), [time] (base_year, horizon, dt,
// output_step), [segments.<id>] (name, innovation, imitation, ceiling,
// readiness_potential, complementarity, income_elasticity,
// readiness_elasticity, tradability, variety, network,
// transactions_per_user_day, and [segments.<id>.weights] <pillar> = w),
// [members.<id>] (name, population, population_growth, online_share,
// online_share_max, online_speed, income_per_head_usd, income_growth,
// latitude, longitude, and the tables capacity and investment keyed by
// pillar, users and gmv_usd keyed by segment), [policy]
// (business_engagement, lag_years, lag_sensitivity, spillover,
// absorptive_floor, gravity_size, gravity_distance, and
// [policy.coordination] <pillar> = [[year, level], ...]) and [[events]]
// (name, start, end, members, segments, potential, spend).
//
// [region] (name, source, observed, and colours keyed by member: what
// charts, briefs and exports call the region and credit; not a model
// parameter, see Region) and drop_members (member ids to remove from the
// scenarios a file extends).
//
// In members.<id>.capacity, members.<id>.investment and
// policy.coordination a "default" key stands for every pillar not listed. Missing segment weights are zero.
// Names default to the id, transactions_per_user_day to 0, an event's
// potential and spend to 1 and its members and segments to all.
//
// Members and segments are ordered by first appearance in the extends
// chain, base first; pillars by the pillars list.
//
// # Inheritance and overrides
//
// extends names a shipped scenario ("asean-2018") or a file path ending in
// .toml, relative to the extending file. drop_members applies where its
// file stands in the chain: the members' tables, colours and places in
// events go (an event left with no member goes too). Tables merge key by key; any
// other value, arrays and [[events]] included, replaces the base's. name
// and description are not inherited.
//
// Overrides ("--set policy.business_engagement=0.8") use the same dotted
// keys, a TOML value after the "=", and * for every member, segment,
// pillar or event: members.*.investment.payments=0.05,
// policy.coordination.payments=[[2019, 0.5]], events[0].spend=1.2. For
// sweeps, Setter compiles a numeric key once into a function that sets it
// on a sim.Params in nanoseconds, with the same result as --set.
//
// # Errors
//
// Loading is also plausible: figures that are valid but that no country
// shows (a likely unit slip) are Scenario.Warnings (docs/new-region.md).
//
// Loading is strict: unknown keys (with a "did you mean"), wrong types,
// values out of range, missing values, unknown ids, cycles in extends and
// base users above potential users are all reported in one pass, each an
// *Error printed as "file:line:col: dotted.key: value reason". The rules
// that involve more than one value (a horizon after the base year, steps
// that divide it, ...) are sim.Params.Validate's, whose *sim.FieldError
// paths are in this vocabulary and are mapped here to file positions.
// Experiment files (package experiments) and data files (package observed)
// report the same *Error.
//
// # Identity
//
// Scenario.Resolved is the canonical JSON of the resolved parameters in
// the scenario vocabulary; its SHA-256 (Scenario.Hash) identifies them.
package scenarios
