// Package timelinejs converts between the event record and TimelineJS
// (https://timeline.knightlab.com/), Knight Lab's storytelling timeline: it
// reads TimelineJS's Google Sheets template (exported as CSV) and its JSON
// format into events, and writes the record in the JSON format so that a
// TimelineJS embed can load it.
package timelinejs

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// Timeline is TimelineJS's JSON format: a title slide and the events.
type Timeline struct {
	Title  *Slide  `json:"title,omitempty"`
	Events []Slide `json:"events"`
	Eras   []Era   `json:"eras,omitempty"`
	Scale  string  `json:"scale,omitempty"`
}

// Slide is one slide: an event, or the title slide (which has no date).
type Slide struct {
	StartDate   *Date       `json:"start_date,omitempty"`
	EndDate     *Date       `json:"end_date,omitempty"`
	Text        *Text       `json:"text,omitempty"`
	Media       *Media      `json:"media,omitempty"`
	Group       string      `json:"group,omitempty"`
	DisplayDate string      `json:"display_date,omitempty"`
	Background  *Background `json:"background,omitempty"`
	Autolink    *bool       `json:"autolink,omitempty"`
	UniqueID    string      `json:"unique_id,omitempty"`
}

// Date is a slide's date. Only the year is required; TimelineJS writes the
// parts as numbers or as strings of digits, and Int reads both.
type Date struct {
	Year        Int    `json:"year"`
	Month       Int    `json:"month,omitempty"`
	Day         Int    `json:"day,omitempty"`
	Hour        Int    `json:"hour,omitempty"`
	Minute      Int    `json:"minute,omitempty"`
	Second      Int    `json:"second,omitempty"`
	Millisecond Int    `json:"millisecond,omitempty"`
	DisplayDate string `json:"display_date,omitempty"`
}

// Text is a slide's headline and text, both HTML.
type Text struct {
	Headline string `json:"headline,omitempty"`
	Text     string `json:"text,omitempty"`
}

// Media is a slide's media: a URL TimelineJS knows how to show (an image,
// a video, a tweet, a web page) with a caption and credit in HTML.
type Media struct {
	URL       string `json:"url"`
	Caption   string `json:"caption,omitempty"`
	Credit    string `json:"credit,omitempty"`
	Thumbnail string `json:"thumbnail,omitempty"`
	Alt       string `json:"alt,omitempty"`
	Title     string `json:"title,omitempty"`
	Link      string `json:"link,omitempty"`
}

// Background is a slide's background: an image URL or a CSS colour.
type Background struct {
	URL   string `json:"url,omitempty"`
	Color string `json:"color,omitempty"`
}

// Era is a span of time labelled on the time navigation.
type Era struct {
	StartDate *Date `json:"start_date"`
	EndDate   *Date `json:"end_date"`
	Text      *Text `json:"text,omitempty"`
}

// Int is a whole number that TimelineJS's JSON may give as a number, as a
// string of digits or as an empty string (no value). Zero is no value.
type Int int

// UnmarshalJSON reads a number, a string or null.
func (n *Int) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if bytes.Equal(b, []byte("null")) {
		*n = 0
		return nil
	}
	s := string(b)
	if len(b) > 0 && b[0] == '"' {
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		s = strings.TrimSpace(s)
		if s == "" {
			*n = 0
			return nil
		}
	}
	v, err := strconv.Atoi(s)
	if err != nil {
		f, ferr := strconv.ParseFloat(s, 64)
		if ferr != nil || f != float64(int(f)) {
			return fmt.Errorf("%q is not a whole number", s)
		}
		v = int(f)
	}
	*n = Int(v)
	return nil
}

// MarshalJSON writes a number.
func (n Int) MarshalJSON() ([]byte, error) { return strconv.AppendInt(nil, int64(n), 10), nil }
