package eventfile

import (
	"bytes"
	"fmt"
	"os"

	yaml "go.yaml.in/yaml/v3"

	"github.com/nktimeline/timeline/internal/event"
)

// AsOfFor returns the as-of date that an event dated d needs: d itself
// when it is a full date, else the first day of its month or year, the
// earliest full date the validator does not find it after.
func AsOfFor(d event.Date) event.Date {
	if d.Month == 0 {
		d.Month = 1
	}
	if d.Day == 0 {
		d.Day = 1
	}
	return d
}

// MoveAsOf moves the `as_of` date in the timeline.yaml file at path
// forward to cover an event dated d. Only the date's characters change:
// comments, quoting, layout and line ends stay byte for byte. It returns
// the old and new dates and whether it wrote the file; it writes nothing
// when as_of already covers d.
func MoveAsOf(path string, d event.Date) (from, to event.Date, moved bool, err error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return from, to, false, err
	}
	out, from, to, moved, err := MoveAsOfData(data, d)
	if err != nil {
		return from, to, false, fmt.Errorf("%s: %v", path, err)
	}
	if !moved {
		return from, to, false, nil
	}
	info, err := os.Stat(path)
	if err != nil {
		return from, to, false, err
	}
	// Write beside and rename, so an interrupted write cannot leave half a
	// timeline.yaml.
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, out, info.Mode().Perm()); err != nil {
		return from, to, false, err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return from, to, false, err
	}
	return from, to, true, nil
}

// MoveAsOfData is MoveAsOf on the file's bytes: it returns them changed
// (or unchanged, when as_of already covers d).
func MoveAsOfData(data []byte, d event.Date) (out []byte, from, to event.Date, moved bool, err error) {
	var doc yaml.Node
	// The parser does not take a byte-order mark; the mark stays in out.
	if err := yaml.Unmarshal(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), &doc); err != nil {
		return nil, from, to, false, err
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, from, to, false, fmt.Errorf("not a mapping of fields")
	}
	var val *yaml.Node
	m := doc.Content[0]
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == "as_of" {
			val = m.Content[i+1]
		}
	}
	if val == nil || val.Kind != yaml.ScalarNode {
		return nil, from, to, false, fmt.Errorf("no `as_of` date to move")
	}
	from, err = event.ParseDate(val.Value)
	if err != nil || from.Precision() != event.PrecisionDay {
		return nil, from, to, false, fmt.Errorf("line %d: `as_of` %q is not a full date", val.Line, val.Value)
	}
	if d.Compare(from) <= 0 {
		return data, from, from, false, nil
	}
	to = AsOfFor(d)
	// Find the value's characters on its line: after the key, the first
	// occurrence of the date (inside quotes, if any).
	start := 0
	for line := 1; line < val.Line; line++ {
		i := bytes.IndexByte(data[start:], '\n')
		if i < 0 {
			return nil, from, to, false, fmt.Errorf("line %d not found", val.Line)
		}
		start += i + 1
	}
	end := len(data)
	if i := bytes.IndexByte(data[start:], '\n'); i >= 0 {
		end = start + i
	}
	line := data[start:end]
	key := bytes.Index(line, []byte("as_of"))
	at := -1
	if key >= 0 {
		if i := bytes.Index(line[key:], []byte(val.Value)); i >= 0 {
			at = start + key + i
		}
	}
	if at < 0 {
		return nil, from, to, false, fmt.Errorf("line %d: cannot find the `as_of` date on its line", val.Line)
	}
	out = make([]byte, 0, len(data)+len(to.String())-len(val.Value))
	out = append(out, data[:at]...)
	out = append(out, to.String()...)
	out = append(out, data[at+len(val.Value):]...)
	return out, from, to, true, nil
}
