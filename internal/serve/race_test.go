//go:build race

package serve

// The race detector slows builds several times over.
func init() { reloadWithin *= 10 }
