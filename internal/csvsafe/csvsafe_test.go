package csvsafe

import (
	"bytes"
	"testing"
)

func TestCell(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		// The payloads of the security report.
		{`=HYPERLINK("http://evil/t","click")`, `'=HYPERLINK("http://evil/t","click")`},
		{`@SUM(1+1)*cmd|' /C calc'!A0`, `'@SUM(1+1)*cmd|' /C calc'!A0`},
		{`+cmd|' /C calc'!A0`, `'+cmd|' /C calc'!A0`},
		{`-2+3+cmd|' /C calc'!A0`, `'-2+3+cmd|' /C calc'!A0`},
		{"\t=1+1", "'\t=1+1"},
		{"\r=1+1", "'\r=1+1"},
		{"\tplain", "'\tplain"},
		// Leading spaces, which importers may trim, do not hide a formula.
		{"  =1+1", "'  =1+1"},
		// Full-width forms.
		{"＝1+1", "'＝1+1"},
		{"＠SUM(A1)", "'＠SUM(A1)"},
		// Numbers stay numbers.
		{"-1", "-1"},
		{"-0.5", "-0.5"},
		{"6.3", "6.3"},
		{"2017", "2017"},
		{"0", "0"},
		// Not plain numbers: quoted.
		{"-", "'-"},
		{"-1-1", "'-1-1"},
		{"-1.", "'-1."},
		{"-.5", "'-.5"},
		{"-1e5", "'-1e5"},
		{"+1", "'+1"},
		// Harmless text is untouched, formula characters inside it too.
		{"", ""},
		{"   ", "   "},
		{"Hwasong-14", "Hwasong-14"},
		{"a=b", "a=b"},
		{"Kim Jong Un", "Kim Jong Un"},
		{"'=already quoted", "'=already quoted"},
		{"2017-09-03", "2017-09-03"},
	}
	for _, tt := range tests {
		if got := Cell(tt.in); got != tt.want {
			t.Errorf("Cell(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestWriter(t *testing.T) {
	var b bytes.Buffer
	w := NewWriter(&b)
	err := w.WriteAll([][]string{
		{"title", "lat", "n"},
		{`=HYPERLINK("http://evil/t","click")`, "-1", "3"},
		{"two\nlines", "", "@x"},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := "title,lat,n\r\n" +
		`"'=HYPERLINK(""http://evil/t"",""click"")",-1,3` + "\r\n" +
		"\"two\r\nlines\",,'@x\r\n"
	if got := b.String(); got != want {
		t.Errorf("got\n%q\nwant\n%q", got, want)
	}
}
