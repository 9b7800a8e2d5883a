package event

import "testing"

func BenchmarkParsers(b *testing.B) {
	b.Run("goccy", func(b *testing.B) { parseFunc = parseYAML; BenchmarkValidate10k(b) })
	b.Run("yaml3", func(b *testing.B) { parseFunc = parseYAML3; BenchmarkValidate10k(b) })
	parseFunc = parseYAML
}
