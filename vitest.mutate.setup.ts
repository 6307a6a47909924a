// Under mutation testing a failing property only has to fail: stop at the first counterexample
// instead of shrinking it (shrinking is for a person reading the failure, and it is most of the
// time a killed mutant would take). The tests' own run counts and seeds are unchanged.
import fc from 'fast-check';

fc.configureGlobal({ endOnFailure: true });
