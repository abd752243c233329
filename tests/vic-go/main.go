// Test-vector harness for VMware VIC's extraconfig key/value format.
//
// It only calls VIC's own code (github.com/vmware/vic/pkg/vsphere/extraconfig,
// lib/config, lib/config/executor) and prints the results as JSON on stdout.
// Usage: vicvectors <vic-commit> <go-version-string>   (run with TZ=UTC)
package main

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net"
	"net/mail"
	"net/url"
	"os"
	"reflect"
	"sort"
	"strings"
	"time"
	"unicode"

	_ "time/tzdata" // fallback only: the system zoneinfo is used when present

	"github.com/Sirupsen/logrus"
	"github.com/vmware/govmomi/vim25/types"

	"github.com/vmware/vic/lib/config"
	"github.com/vmware/vic/lib/config/executor"
	"github.com/vmware/vic/pkg/ip"
	"github.com/vmware/vic/pkg/version"
	"github.com/vmware/vic/pkg/vsphere/extraconfig"
)

// ---------------------------------------------------------------------------
// Test types (tags exactly in VIC's style)

type Inner struct {
	A string `vic:"0.1" scope:"read-only" key:"a"`
	B int    `vic:"0.1" scope:"read-write" key:"b"`
}

type Root struct {
	Plain         string `vic:"0.1" scope:"read-only" key:"plain"`
	SkipEnc       string `vic:"0.1" scope:"read-only" key:"skipenc" recurse:"skip-encode"`
	SkipDec       string `vic:"0.1" scope:"read-write" key:"skipdec" recurse:"skip-decode"`
	SkipEncStruct Inner  `vic:"0.1" scope:"read-only" key:"skipencstruct" recurse:"skip-encode"`
	SkipDecStruct Inner  `vic:"0.1" scope:"read-only" key:"skipdecstruct" recurse:"skip-decode"`
	Both          string `vic:"0.1" scope:"read-only" key:"both" recurse:"depth=1,skip-decode"`
}

type Times struct {
	T1  time.Time `vic:"0.1" scope:"read-only" key:"t1"`
	T2  time.Time `vic:"0.1" scope:"read-only" key:"t2"`
	T3  time.Time `vic:"0.1" scope:"read-only" key:"t3"`
	T4  time.Time `vic:"0.1" scope:"read-only" key:"t4"`
	T5  time.Time `vic:"0.1" scope:"read-only" key:"t5"`
	T6  time.Time `vic:"0.1" scope:"read-only" key:"t6"`
	T7  time.Time `vic:"0.1" scope:"read-only" key:"t7"`
	T8  time.Time `vic:"0.1" scope:"read-only" key:"t8"`
	T9  time.Time `vic:"0.1" scope:"read-only" key:"t9"`
	T10 time.Time `vic:"0.1" scope:"read-only" key:"t10"`
}

type Cmd struct {
	Path string   `vic:"0.1" scope:"read-only" key:"Path"`
	Args []string `vic:"0.1" scope:"read-only" key:"Args"`
}

type ListRoot struct {
	Cmd Cmd `vic:"0.1" scope:"read-only" key:"cmd"`
}

type ListMisc struct {
	Ints       []int    `vic:"0.1" scope:"read-only" key:"ints"`
	One        []string `vic:"0.1" scope:"read-only" key:"one"`
	Empty      []string `vic:"0.1" scope:"read-only" key:"empty"`
	EmptyElem  []string `vic:"0.1" scope:"read-only" key:"emptyelem"`
	TrailEmpty []string `vic:"0.1" scope:"read-only" key:"trailempty"`
	RW         []string `vic:"0.1" scope:"read-write" key:"rw"`
	Bytes      []byte   `vic:"0.1" scope:"read-only" key:"bytes"`
	Structs    []Inner  `vic:"0.1" scope:"read-only" key:"structs"`
	Bools      []bool   `vic:"0.1" scope:"read-only" key:"bools"`
}

type MapPtrRoot struct {
	M map[string]*Inner `vic:"0.1" scope:"read-only" key:"m"`
}

type MapValRoot struct {
	M map[string]Inner `vic:"0.1" scope:"read-only" key:"m"`
}

type MapStrRoot struct {
	SM map[string]string `vic:"0.1" scope:"read-only" key:"sm"`
}

// ---------------------------------------------------------------------------
// Output structures

type FieldDesc struct {
	Attr    string `json:"attr"`
	Go      string `json:"go"`
	Type    string `json:"type"`
	Key     string `json:"key"`
	Scope   string `json:"scope"`
	Recurse string `json:"recurse,omitempty"`
}

type Vector struct {
	Name        string                 `json:"name"`
	Description string                 `json:"description"`
	Root        string                 `json:"root,omitempty"`
	Types       map[string][]FieldDesc `json:"types,omitempty"`
	Value       interface{}            `json:"value,omitempty"`
	SecretKey   string                 `json:"secret_key_b64,omitempty"`
	Expected    map[string]string      `json:"expected,omitempty"`
	Input       map[string]string      `json:"input,omitempty"`
	Decoded     interface{}            `json:"decoded,omitempty"`
	Extra       map[string]interface{} `json:"extra,omitempty"`
}

type Output struct {
	Format  int      `json:"format"`
	Source  string   `json:"source"`
	Notes   []string `json:"notes"`
	Vectors []Vector `json:"vectors"`
}

// ---------------------------------------------------------------------------
// helpers

func snake(s string) string {
	r := []rune(s)
	var b strings.Builder
	for i, c := range r {
		if unicode.IsUpper(c) {
			if i > 0 && (unicode.IsLower(r[i-1]) || unicode.IsDigit(r[i-1]) ||
				(i+1 < len(r) && unicode.IsLower(r[i+1]) && unicode.IsUpper(r[i-1]))) {
				b.WriteByte('_')
			}
			b.WriteRune(unicode.ToLower(c))
		} else {
			b.WriteRune(c)
		}
	}
	return b.String()
}

var timeType = reflect.TypeOf(time.Time{})

func typeName(t reflect.Type, reg map[string][]FieldDesc) string {
	if t == timeType {
		return "datetime"
	}
	switch t.Kind() {
	case reflect.String:
		return "str"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return "int"
	case reflect.Bool:
		return "bool"
	case reflect.Ptr:
		return "Optional[" + typeName(t.Elem(), reg) + "]"
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 {
			return "bytes"
		}
		return "list[" + typeName(t.Elem(), reg) + "]"
	case reflect.Map:
		return "dict[" + typeName(t.Key(), reg) + "," + typeName(t.Elem(), reg) + "]"
	case reflect.Struct:
		describe(t, reg)
		return t.Name()
	}
	return t.String()
}

func describe(t reflect.Type, reg map[string][]FieldDesc) {
	if _, ok := reg[t.Name()]; ok {
		return
	}
	reg[t.Name()] = nil
	var out []FieldDesc
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		key := f.Tag.Get("key")
		if key == "" {
			key = f.Name
		}
		out = append(out, FieldDesc{
			Attr:    snake(f.Name),
			Go:      f.Name,
			Type:    typeName(f.Type, reg),
			Key:     key,
			Scope:   f.Tag.Get("scope"),
			Recurse: f.Tag.Get("recurse"),
		})
	}
	reg[t.Name()] = out
}

func typesOf(v interface{}) (string, map[string][]FieldDesc) {
	reg := map[string][]FieldDesc{}
	t := reflect.TypeOf(v)
	describe(t, reg)
	return t.Name(), reg
}

// render produces a JSON-able tree of a Go value. It follows encoding/json's
// conventions (Go field names, []byte as std base64, nil pointer/slice/map
// as null, maps as objects) except: embedded structs are NOT flattened (they
// appear under their type name), unexported fields are omitted, time.Time is
// rendered as its String(), and net.IP / net.IPMask are rendered as base64
// of their bytes (as every []byte) rather than text.
func render(v reflect.Value) interface{} {
	if !v.IsValid() {
		return nil
	}
	if v.Type() == timeType {
		return v.Interface().(time.Time).String()
	}
	switch v.Kind() {
	case reflect.Ptr, reflect.Interface:
		if v.IsNil() {
			return nil
		}
		return render(v.Elem())
	case reflect.Struct:
		m := map[string]interface{}{}
		for i := 0; i < v.NumField(); i++ {
			f := v.Type().Field(i)
			if f.PkgPath != "" {
				continue
			}
			m[f.Name] = render(v.Field(i))
		}
		return m
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.IsNil() {
			return nil
		}
		if v.Type().Elem().Kind() == reflect.Uint8 {
			b := make([]byte, v.Len())
			reflect.Copy(reflect.ValueOf(b), v)
			return base64.StdEncoding.EncodeToString(b)
		}
		out := make([]interface{}, v.Len())
		for i := range out {
			out[i] = render(v.Index(i))
		}
		return out
	case reflect.Map:
		if v.IsNil() {
			return nil
		}
		m := map[string]interface{}{}
		for _, k := range v.MapKeys() {
			m[fmt.Sprint(k.Interface())] = render(v.MapIndex(k))
		}
		return m
	case reflect.String:
		return v.String()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int()
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return v.Uint()
	case reflect.Bool:
		return v.Bool()
	case reflect.Float32, reflect.Float64:
		return v.Float()
	}
	return fmt.Sprintf("<unrenderable %s>", v.Type())
}

func R(x interface{}) interface{} { return render(reflect.ValueOf(x)) }

func encode(v interface{}) map[string]string {
	m := map[string]string{}
	extraconfig.Encode(extraconfig.MapSink(m), v)
	return m
}

func copyMap(m map[string]string) map[string]string {
	o := map[string]string{}
	for k, v := range m {
		o[k] = v
	}
	return o
}

func sortedKeys(m map[string]string) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

func mapDiff(a, b map[string]string) map[string]interface{} {
	d := map[string]interface{}{}
	for k, v := range a {
		if w, ok := b[k]; !ok {
			d[k] = map[string]interface{}{"first": v, "second": nil}
		} else if v != w {
			d[k] = map[string]interface{}{"first": v, "second": w}
		}
	}
	for k, w := range b {
		if _, ok := a[k]; !ok {
			d[k] = map[string]interface{}{"first": nil, "second": w}
		}
	}
	return d
}

func must(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "fatal:", err)
		os.Exit(1)
	}
}

// ---------------------------------------------------------------------------
// 1. skip-encode / skip-decode

func vecSkip() []Vector {
	root, tys := typesOf(Root{})
	src := Root{
		Plain:         "plain-value",
		SkipEnc:       "skipenc-value",
		SkipDec:       "skipdec-value",
		SkipEncStruct: Inner{A: "skipencstruct-a", B: 11},
		SkipDecStruct: Inner{A: "skipdecstruct-a", B: 22},
		Both:          "both-value",
	}
	exp := encode(src)

	// keys a non-skipping encoder would have written for the skip-encode fields,
	// computed with VIC's own key calculation
	added := map[string]string{}
	added[extraconfig.CalculateKey(src, "SkipEnc", "")] = "skipenc-from-input"
	added[extraconfig.CalculateKey(src, "SkipEncStruct.A", "")] = "skipencstruct-a-from-input"
	added[extraconfig.CalculateKey(src, "SkipEncStruct.B", "")] = "33"
	in := copyMap(exp)
	for k, v := range added {
		in[k] = v
	}
	// sanity: the keys VIC wrote for the other fields agree with CalculateKey
	for _, f := range []string{"Plain", "SkipDec", "SkipDecStruct.A", "SkipDecStruct.B", "Both"} {
		k := extraconfig.CalculateKey(src, f, "")
		if _, ok := exp[k]; !ok {
			must(fmt.Errorf("CalculateKey(%s)=%s not in encoded map", f, k))
		}
	}

	var dec Root
	extraconfig.Decode(extraconfig.MapSource(in), &dec)

	written := []string{}
	for _, f := range []string{"Plain", "SkipEnc", "SkipDec", "SkipEncStruct.A", "SkipEncStruct.B", "SkipDecStruct.A", "SkipDecStruct.B", "Both"} {
		if _, ok := exp[extraconfig.CalculateKey(src, f, "")]; ok {
			written = append(written, f)
		}
	}
	read := []string{}
	notRead := []string{}
	dv := reflect.ValueOf(dec)
	for _, f := range []string{"Plain", "SkipEnc", "SkipDec", "SkipEncStruct.A", "SkipEncStruct.B", "SkipDecStruct.A", "SkipDecStruct.B", "Both"} {
		parts := strings.Split(f, ".")
		fv := dv.FieldByName(parts[0])
		if len(parts) > 1 {
			fv = fv.FieldByName(parts[1])
		}
		if fv.IsZero() {
			notRead = append(notRead, f)
		} else {
			read = append(read, f)
		}
	}

	return []Vector{{
		Name: "skip-encode-skip-decode",
		Description: "Root value with every field non-zero encoded with extraconfig.Encode(MapSink). " +
			"recurse:\"skip-encode\" fields (SkipEnc, SkipEncStruct incl. its children) are NOT written; " +
			"recurse:\"skip-decode\" fields (SkipDec, SkipDecStruct incl. children, Both with depth=1,skip-decode) ARE written. " +
			"Then extraconfig.Decode(MapSource(input), &Root{}) where input = expected + the keys a non-skipping encoder " +
			"would have produced for the skip-encode fields (keys from extraconfig.CalculateKey, values chosen by hand; listed in extra.added_input_keys). " +
			"Decode reads Plain, SkipEnc and SkipEncStruct.{A,B}; it leaves SkipDec, SkipDecStruct and Both at their zero value " +
			"even though their keys are present. See extra.fields_written / fields_read / fields_not_read (computed, not hand-written).",
		Root:     root,
		Types:    tys,
		Value:    R(src),
		Expected: exp,
		Input:    in,
		Decoded:  R(dec),
		Extra: map[string]interface{}{
			"added_input_keys": added,
			"fields_written":   written,
			"fields_read":      read,
			"fields_not_read":  notRead,
		},
	}}
}

// ---------------------------------------------------------------------------
// 2. times

type timeInfo struct {
	String        string `json:"string"`
	IsZero        bool   `json:"is_zero"`
	Location      string `json:"location"`
	ZoneAbbrev    string `json:"zone_abbrev"`
	OffsetSeconds int    `json:"offset_seconds"`
	UnixSeconds   int64  `json:"unix_seconds"`
	Nanosecond    int    `json:"nanosecond"`
}

func tinfo(t time.Time) timeInfo {
	name, off := t.Zone()
	return timeInfo{
		String:        t.String(),
		IsZero:        t.IsZero(),
		Location:      t.Location().String(),
		ZoneAbbrev:    name,
		OffsetSeconds: off,
		UnixSeconds:   t.Unix(),
		Nanosecond:    t.Nanosecond(),
	}
}

func timesInfo(ts Times) map[string]timeInfo {
	out := map[string]timeInfo{}
	v := reflect.ValueOf(ts)
	for i := 0; i < v.NumField(); i++ {
		out[v.Type().Field(i).Name] = tinfo(v.Field(i).Interface().(time.Time))
	}
	return out
}

func vecTimes() []Vector {
	root, tys := typesOf(Times{})
	base := time.Date(2022, 9, 17, 19, 22, 47, 123456789, time.UTC)
	load := func(n string) *time.Location {
		l, err := time.LoadLocation(n)
		must(err)
		return l
	}
	locs := []struct {
		field string
		desc  string
		loc   *time.Location
	}{
		{"T1", "time.UTC", time.UTC},
		{"T2", "Asia/Tashkent", load("Asia/Tashkent")},
		{"T3", "America/Sao_Paulo", load("America/Sao_Paulo")},
		{"T4", "Asia/Kathmandu", load("Asia/Kathmandu")},
		{"T5", "Pacific/Chatham", load("Pacific/Chatham")},
		{"T6", "Europe/Berlin", load("Europe/Berlin")},
		{"T7", "Asia/Kolkata", load("Asia/Kolkata")},
		{"T8", "time.FixedZone(\"\", 5*3600)", time.FixedZone("", 5*3600)},
		{"T9", "time.FixedZone(\"XYZ\", -3*3600+1800)", time.FixedZone("XYZ", -3*3600+1800)},
		{"T10", "time.Time{} (zero)", nil},
	}
	var src Times
	sv := reflect.ValueOf(&src).Elem()
	fieldLoc := map[string]string{}
	for _, l := range locs {
		fieldLoc[l.field] = l.desc
		if l.loc == nil {
			continue
		}
		sv.FieldByName(l.field).Set(reflect.ValueOf(base.In(l.loc)))
	}
	exp := encode(src)
	var dec Times
	extraconfig.Decode(extraconfig.MapSource(exp), &dec)

	same := map[string]bool{}
	dv := reflect.ValueOf(dec)
	for i := 0; i < sv.NumField(); i++ {
		same[sv.Type().Field(i).Name] = sv.Field(i).Interface().(time.Time).Equal(dv.Field(i).Interface().(time.Time))
	}

	v1 := Vector{
		Name: "times",
		Description: "time.Time fields all holding the instant 2022-09-17 19:22:47.123456789 UTC in different locations (T10 is time.Time{}). " +
			"expected = extraconfig.Encode output (VIC writes time.Time.String()). decoded = extraconfig.Decode of that same map " +
			"(VIC parses with layout \"2006-01-02 15:04:05.999999999 -0700 MST\"); each decoded field is given as String(), IsZero(), " +
			"Location().String(), Zone() abbreviation/offset, Unix() and Nanosecond(). extra.same_instant tells whether decoded.Equal(original). " +
			"Process ran with TZ=UTC (time.Parse consults time.Local when resolving zone abbreviations).",
		Root:     root,
		Types:    tys,
		Value:    timesInfo(src),
		Expected: exp,
		Decoded:  timesInfo(dec),
		Extra: map[string]interface{}{
			"field_locations": fieldLoc,
			"same_instant":    same,
		},
	}

	in := map[string]string{
		"guestinfo.vice./t1": "2022-09-18 00:22:47 +0500 +0500",
		"guestinfo.vice./t2": "not a time",
		"guestinfo.vice./t3": "2022-09-17 19:22:47.123456789 +0000 UTC m=+0.001234567",
		"guestinfo.vice./t4": "",
		"guestinfo.vice./t5": "2022-09-18 00:22:47.5 +0500 +05",
		"guestinfo.vice./t6": "2022-09-17 21:22:47 +0200 CEST",
		"guestinfo.vice./t7": "2022-09-17 19:22:47 +0000 GMT",
		// t8..t10 absent
	}
	// make sure these really are the keys VIC computes for these fields
	for i := 1; i <= 7; i++ {
		k := extraconfig.CalculateKey(Times{}, fmt.Sprintf("T%d", i), "")
		if _, ok := in[k]; !ok {
			must(fmt.Errorf("unexpected key for T%d: %s", i, k))
		}
	}
	var dec2 Times
	extraconfig.Decode(extraconfig.MapSource(in), &dec2)
	v2 := Vector{
		Name: "times-decode-malformed",
		Description: "extraconfig.Decode(MapSource(input), &Times{}) with hand-written time strings: t1 \"2022-09-18 00:22:47 +0500 +0500\", " +
			"t2 \"not a time\", t3 a String() with a monotonic-clock suffix (what time.Now().String() looks like), t4 empty string, " +
			"t5 numeric abbreviation \"+05\" with fraction, t6 CEST, t7 GMT; t8..t10 keys absent. Decoded fields rendered as in vector \"times\".",
		Root:    root,
		Types:   tys,
		Input:   in,
		Decoded: timesInfo(dec2),
	}
	return []Vector{v1, v2}
}

// ---------------------------------------------------------------------------
// 3. lists and maps

func vecLists() []Vector {
	var out []Vector

	root, tys := typesOf(ListRoot{})
	src := ListRoot{Cmd: Cmd{Path: "/bin/sh", Args: []string{"sh", "-c", "ls | wc -l"}}}
	exp := encode(src)
	var dec ListRoot
	extraconfig.Decode(extraconfig.MapSource(exp), &dec)
	out = append(out, Vector{
		Name: "list-args",
		Description: "[]string of primitives: VIC writes key+\"~\" = elements joined with \"|\" (no escaping) and key = len-1. " +
			"Decode reads the length key, splits the \"~\" value on \"|\" and takes the first length items, so an element containing \"|\" " +
			"is split and the tail is lost. decoded = Decode of expected.",
		Root:     root,
		Types:    tys,
		Value:    R(src),
		Expected: exp,
		Decoded:  R(dec),
		Extra:    map[string]interface{}{"decoded_args_len": len(dec.Cmd.Args)},
	})

	root, tys = typesOf(ListMisc{})
	msrc := ListMisc{
		Ints:       []int{1, -2, 30},
		One:        []string{"only"},
		Empty:      []string{},
		EmptyElem:  []string{""},
		TrailEmpty: []string{"a", ""},
		RW:         []string{"x", "y"},
		Bytes:      []byte{0, 1, 2, 250, 255},
		Structs:    []Inner{{A: "s0", B: 0}, {A: "s1", B: 1}},
		Bools:      []bool{true, false},
	}
	mexp := encode(msrc)
	var mdec ListMisc
	extraconfig.Decode(extraconfig.MapSource(mexp), &mdec)
	out = append(out, Vector{
		Name: "list-misc",
		Description: "Other list shapes: []int, one-element []string, empty []string (nothing written, decodes to an empty non-nil slice), " +
			"[]string{\"\"}, []string{\"a\",\"\"}, read-write []string (\"~\" appended to the '.'-separated key), []byte (base64 std, no length key), " +
			"[]struct (per-index keys key|N plus length key), []bool. decoded = Decode of expected into a zero ListMisc.",
		Root:     root,
		Types:    tys,
		Value:    R(msrc),
		Expected: mexp,
		Decoded:  R(mdec),
		Extra: map[string]interface{}{
			"decoded_empty_is_nil": mdec.Empty == nil,
		},
	})

	// map[string]*Inner
	root, tys = typesOf(MapPtrRoot{})
	psrc := MapPtrRoot{M: map[string]*Inner{"x": {A: "xa", B: 1}, "y": {A: "ya", B: 2}}}
	pexp := encode(psrc)
	pin := copyMap(pexp)
	removed := map[string]string{}
	listKey := extraconfig.CalculateKey(psrc, "M", "")
	for _, k := range extraconfig.CalculateKeys(psrc, "M.y.*", "") {
		removed[k] = pin[k]
		delete(pin, k)
	}
	var pdec MapPtrRoot
	extraconfig.Decode(extraconfig.MapSource(pin), &pdec)
	yv, yok := pdec.M["y"]
	out = append(out, Vector{
		Name: "map-ptr-struct-missing-entry",
		Description: "map[string]*Inner keyed \"m\": VIC writes each entry under key|<mapkey> and the listing key = sorted map keys joined with \"|\". " +
			"input = expected minus every key of entry \"y\" (listed in extra.removed_keys), but the listing key still says \"x|y\". " +
			"decoded = Decode(input) into a zero MapPtrRoot: see extra for whether \"y\" is present and nil.",
		Root:     root,
		Types:    tys,
		Value:    R(psrc),
		Expected: pexp,
		Input:    pin,
		Decoded:  R(pdec),
		Extra: map[string]interface{}{
			"listing_key":       listKey,
			"removed_keys":      removed,
			"decoded_map_len":   len(pdec.M),
			"decoded_y_present": yok,
			"decoded_y_is_nil":  yok && yv == nil,
		},
	})

	// map[string]Inner (value structs, like ExecutorConfig.Mounts)
	root, tys = typesOf(MapValRoot{})
	vsrc := MapValRoot{M: map[string]Inner{"x": {A: "xa", B: 1}, "y": {A: "ya", B: 2}}}
	vexp := encode(vsrc)
	vin := copyMap(vexp)
	vremoved := map[string]string{}
	for _, k := range extraconfig.CalculateKeys(vsrc, "M.y.*", "") {
		vremoved[k] = vin[k]
		delete(vin, k)
	}
	var vdec MapValRoot
	extraconfig.Decode(extraconfig.MapSource(vin), &vdec)
	_, vyok := vdec.M["y"]
	out = append(out, Vector{
		Name:        "map-struct-missing-entry",
		Description: "Same as map-ptr-struct-missing-entry but map[string]Inner (non-pointer values).",
		Root:        root,
		Types:       tys,
		Value:       R(vsrc),
		Expected:    vexp,
		Input:       vin,
		Decoded:     R(vdec),
		Extra: map[string]interface{}{
			"removed_keys":      vremoved,
			"decoded_map_len":   len(vdec.M),
			"decoded_y_present": vyok,
		},
	})

	// map[string]string
	root, tys = typesOf(MapStrRoot{})
	ssrc := MapStrRoot{SM: map[string]string{"k1": "v1", "k2": "v2", "k3": ""}}
	sexp := encode(ssrc)
	sin := copyMap(sexp)
	sremoved := map[string]string{}
	for _, k := range extraconfig.CalculateKeys(ssrc, "SM.k2", "") {
		sremoved[k] = sin[k]
		delete(sin, k)
	}
	var sdec MapStrRoot
	extraconfig.Decode(extraconfig.MapSource(sin), &sdec)
	_, s2ok := sdec.SM["k2"]
	_, s3ok := sdec.SM["k3"]
	out = append(out, Vector{
		Name: "map-string-string-missing-entry",
		Description: "map[string]string keyed \"sm\" with k1=v1, k2=v2, k3=\"\" (VIC supports it: encodeMap/decodeMap are generic over key/value kinds, " +
			"map keys go through toString/fromString). input = expected minus the value key of k2 (listing key unchanged). decoded = Decode(input).",
		Root:     root,
		Types:    tys,
		Value:    R(ssrc),
		Expected: sexp,
		Input:    sin,
		Decoded:  R(sdec),
		Extra: map[string]interface{}{
			"removed_keys":       sremoved,
			"decoded_map_len":    len(sdec.SM),
			"decoded_k2_present": s2ok,
			"decoded_k3_present": s3ok,
		},
	})
	return out
}

// ---------------------------------------------------------------------------
// 4. real VIC configuration

func mustURL(s string) *url.URL {
	u, err := url.Parse(s)
	must(err)
	return u
}

func mustCIDR(s string) *net.IPNet {
	i, n, err := net.ParseCIDR(s)
	must(err)
	n.IP = i
	return n
}

func mustNet(s string) net.IPNet {
	_, n, err := net.ParseCIDR(s)
	must(err)
	return *n
}

var certPEM = []byte("-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIRAJ8vZ2V4YW1wbGUtY2VydDAKBggqhkjOPQQDAjASMRAw\n-----END CERTIFICATE-----\n")
var keyPEM = []byte("-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBhY2V4YW1wbGUta2V5LWZvci10ZXN0LXZlY3RvcnMtb25seQ==\n-----END EC PRIVATE KEY-----\n")
var caPEM = []byte("-----BEGIN CERTIFICATE-----\nMIIBkDCCATegAwIBAgIQY2EtZm9yLXRlc3QtdmVjdG9yczAKBggqhkjOPQQDAjAA\n-----END CERTIFICATE-----\n")

func session(name, path string, args, env []string) *executor.SessionConfig {
	return &executor.SessionConfig{
		Common: executor.Common{ExecutionEnvironment: "vch-appliance", ID: name, Name: name, Notes: "component " + name},
		Cmd:    executor.Cmd{Path: path, Args: args, Env: env, Dir: "/"},
		Attach: false, OpenStdin: false, RunBlock: false,
		Active: true, Tty: false, ExitStatus: 0, Started: "true", Restart: true, StopSignal: "SIGTERM",
		Diagnostics: executor.Diagnostics{
			DebugLevel: 1, ResurrectionCount: 2,
			ExitLogs:     []executor.ExitLog{{Time: time.Date(2022, 9, 17, 19, 22, 47, 123456789, time.UTC), ExitStatus: 2, Message: "restarted: " + name}},
			SysLogConfig: &executor.SysLogConfig{Network: "udp", RAddr: "syslog.example.com:514"},
		},
		User: "root", Group: "root",
		Detail: executor.Detail{CreateTime: 1663442567, StartTime: 1663442568, StopTime: 1663442569},
	}
}

func containerNetwork(name, id, typ string, gw string, dflt bool, trust executor.TrustLevel) executor.ContainerNetwork {
	cn := executor.ContainerNetwork{
		Common:       executor.Common{ExecutionEnvironment: "vsphere", ID: id, Name: name, Notes: "network " + name},
		Type:         typ,
		Destinations: []net.IPNet{mustNet("10.10.0.0/16")},
		Gateway:      *mustCIDR(gw),
		Default:      dflt,
		Nameservers:  []net.IP{net.ParseIP("8.8.8.8"), net.ParseIP("2001:4860:4860::8888")},
		Pools:        []ip.Range{*ip.NewRange(net.ParseIP("192.168.100.10"), net.ParseIP("192.168.100.20"))},
		Aliases:      []string{"alias1:target1"},
		TrustLevel:   trust,
	}
	cn.Assigned.Gateway = *mustCIDR(gw)
	cn.Assigned.Nameservers = []net.IP{net.ParseIP("1.1.1.1")}
	return cn
}

func endpoint(id, name string, cidr string, cn executor.ContainerNetwork) *executor.NetworkEndpoint {
	return &executor.NetworkEndpoint{
		Common:   executor.Common{ExecutionEnvironment: "pci", ID: id, Name: name, Notes: "nic " + name},
		Static:   true,
		IP:       mustCIDR(cidr),
		Assigned: *mustCIDR(cidr),
		Network:  cn,
		Ports:    []string{"80/tcp", "443:8443/tcp"},
		Internal: false,
	}
}

func build() *version.Build {
	return &version.Build{Version: "v1.5.6", GitCommit: "9489f63", BuildDate: "2022/06/10@13:26:47", BuildNumber: "1234", State: "", PluginVersion: 7}
}

func vchConfig() *config.VirtualContainerHostConfigSpec {
	c := &config.VirtualContainerHostConfigSpec{}

	c.ExecutorConfig = executor.ExecutorConfig{
		ExecutorConfigCommon: executor.ExecutorConfigCommon{ExecutionEnvironment: "vsphere", ID: "VirtualMachine:vm-123", Name: "vch-1", Notes: "appliance notes"},
		CreateTime:           1663442567,
		Diagnostics: executor.Diagnostics{
			DebugLevel: 3, ResurrectionCount: 1,
			ExitLogs:     []executor.ExitLog{{Time: time.Date(2022, 9, 17, 19, 22, 47, 0, time.UTC), ExitStatus: 1, Message: "appliance rebooted"}},
			SysLogConfig: &executor.SysLogConfig{Network: "tcp", RAddr: "10.0.0.5:514"},
		},
		Mounts: map[string]executor.MountSpec{
			"logs": {Source: *mustURL("ds://datastore1/vch-1/logs"), Path: "/var/log/vic", Mode: "rw", CopyMode: executor.CopyNew},
		},
		Key:               []byte("executor-host-key"),
		LayerID:           "layer-abc",
		ImageID:           "image-def",
		Annotations:       map[string]string{"vch.annotation": "value"},
		RepoName:          "vmware/vic",
		Version:           build(),
		AsymmetricRouting: true,
		Hostname:          "vch-1",
		Domainname:        "example.com",
	}
	c.AddComponent(config.VicAdminService, session(config.VicAdminService, "/sbin/vicadmin",
		[]string{"/sbin/vicadmin", "--dc=dc1", "--pool=/dc1/host/cluster1/Resources/vch-1", "--cluster=/dc1/host/cluster1"},
		[]string{"PATH=/sbin:/bin", "GOTRACEBACK=all"}))
	c.AddComponent(config.PersonaService, session(config.PersonaService, "/sbin/docker-engine-server",
		[]string{"/sbin/docker-engine-server", "-port=2376", "-port-layer-port=2377"},
		[]string{"PATH=/sbin", "GOTRACEBACK=all", "HTTP_PROXY=http://proxy.example.com:3128"}))
	c.AddComponent(config.PortLayerService, session(config.PortLayerService, "/sbin/port-layer-server",
		[]string{"/sbin/port-layer-server", "--host=localhost", "--port=2377"},
		[]string{"VC_URL=https://vc.example.com/sdk", "DC_PATH=dc1", "CS_PATH=/dc1/host/cluster1", "POOL_PATH=/dc1/host/cluster1/Resources/vch-1", "DS_PATH=datastore1"}))
	c.ExecutorConfig.Execs = map[string]*executor.SessionConfig{
		"exec-1": session("exec-1", "/bin/sh", []string{"/bin/sh", "-c", "echo hi"}, []string{"TERM=xterm"}),
	}

	public := containerNetwork("public", "DistributedVirtualPortgroup:dvportgroup-11", "external", "192.168.1.1/24", true, executor.Published)
	client := containerNetwork("client", "DistributedVirtualPortgroup:dvportgroup-12", "external", "192.168.2.1/24", false, executor.Open)
	c.AddNetwork(endpoint("192", "public", "192.168.1.10/24", public))
	c.AddNetwork(endpoint("224", "client", "192.168.2.10/24", client))

	// Connection
	c.Connection = config.Connection{
		Target: "https://vc.example.com/sdk", Username: "administrator@vsphere.local", Token: "s3cr3t-t0ken",
		TargetThumbprint: "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01", Keepalive: 5 * time.Minute,
	}
	// Contacts
	c.Contacts = config.Contacts{
		Admin:               []mail.Address{{Name: "VCH Admin", Address: "admin@example.com"}},
		InfrastructureAdmin: []mail.Address{{Name: "Infra Admin", Address: "infra@example.com"}},
	}
	// Certificate
	c.Certificate = config.Certificate{
		UserCertificates:               []*config.RawCertificate{{Key: []byte("user-key"), Cert: []byte("user-cert")}},
		NetworkCertificates:            map[string]*config.RawCertificate{"10.0.0.0/8": {Key: []byte("net-key"), Cert: []byte("net-cert")}},
		HostCertificate:                &config.RawCertificate{Key: keyPEM, Cert: certPEM},
		CertificateAuthorities:         caPEM,
		RegistryCertificateAuthorities: []byte("registry-ca-pem"),
		HostCertificates:               map[string]*config.RawCertificate{"host.example.com": {Key: []byte("host-key"), Cert: []byte("host-cert")}},
	}
	// Storage
	c.AddImageStore(mustURL("ds://datastore1/vch-1"))
	c.StorageQuota = 107374182400
	c.AddVolumeLocation("default", mustURL("ds://datastore1/volumes/default"))
	c.AddVolumeLocation("nfs", mustURL("nfs://nfs.example.com/export/vols?uid=1000&gid=1000"))
	c.ScratchSize = 8000000
	// Network
	c.Network.BridgeNetwork = "bridge-pg"
	bridge := containerNetwork("bridge", "bridge-pg", "bridge", "172.16.0.1/16", true, executor.Unspecified)
	c.AddContainerNetwork(&bridge)
	c.AddContainerNetwork(&public)
	_, bipr, _ := net.ParseCIDR("172.16.0.0/12")
	c.BridgeIPRange = bipr
	mask := net.CIDRMask(16, 32)
	c.BridgeNetworkWidth = &mask
	// Container
	c.Container = config.Container{
		ContainerVMSize:         config.Resources{CPU: types.ResourceAllocationInfo{Reservation: types.NewInt64(1)}},
		BootstrapImagePath:      "[datastore1] vch-1/bootstrap.iso",
		ContainerNameConvention: "{name}-{id}",
		UseVMGroup:              true,
		VMGroupName:             "vch-1",
		ContainerStores:         []url.URL{*mustURL("ds://datastore1/containers")},
		ContainerCount:          42,
	}
	c.AddComputeResource(&types.ManagedObjectReference{Type: "ResourcePool", Value: "resgroup-10"})
	// Registry
	c.Registry = config.Registry{
		RegistryWhitelist:  []string{"registry.example.com", "*.example.org"},
		RegistryBlacklist:  []string{"bad.example.com"},
		InsecureRegistries: []string{"insecure.example.com:5000"},
	}
	c.CreateBridgeNetwork = true
	c.SetGrantPerms()
	c.VicMachineCreateOptions = []string{"--target=https://vc.example.com/sdk", "--name=vch-1", "--bridge-network=bridge-pg"}
	return c
}

func containerConfig() *executor.ExecutorConfig {
	id := "3f1c8a2b9d7e4f60a1b2c3d4e5f60718293a4b5c6d7e8f9012345678"
	cn := containerNetwork("bridge", "bridge-pg", "bridge", "172.16.0.1/16", true, executor.Unspecified)
	sess := &executor.SessionConfig{
		Common:      executor.Common{ID: id, Name: "web"},
		Cmd:         executor.Cmd{Path: "/bin/sh", Args: []string{"/bin/sh", "-c", "nginx -g 'daemon off;'"}, Env: []string{"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "NGINX_VERSION=1.23.1", "A=b=c"}, Dir: "/usr/share/nginx"},
		Attach:      true,
		OpenStdin:   true,
		RunBlock:    false,
		Active:      true,
		Tty:         true,
		ExitStatus:  137,
		Started:     "true",
		Restart:     false,
		StopSignal:  "SIGQUIT",
		Diagnostics: executor.Diagnostics{DebugLevel: 0, ResurrectionCount: 0, ExitLogs: []executor.ExitLog{{Time: time.Date(2022, 9, 17, 19, 22, 47, 123456789, time.UTC), ExitStatus: 137, Message: "killed"}}},
		User:        "nginx",
		Group:       "nginx",
		Detail:      executor.Detail{CreateTime: 1663442567, StartTime: 1663442570, StopTime: 1663442600},
	}
	e := &executor.ExecutorConfig{
		ExecutorConfigCommon: executor.ExecutorConfigCommon{ID: id, Name: "web"},
		CreateTime:           1663442567,
		Diagnostics:          executor.Diagnostics{DebugLevel: 1},
		Sessions:             map[string]*executor.SessionConfig{id: sess},
		Execs: map[string]*executor.SessionConfig{"exec-7": {
			Common: executor.Common{ID: "exec-7", Name: "exec-7"},
			Cmd:    executor.Cmd{Path: "/bin/ls", Args: []string{"/bin/ls", "-l"}},
			Active: true, Started: "", ExitStatus: 0,
		}},
		Mounts: map[string]executor.MountSpec{
			"vol1": {Source: *mustURL("ds://datastore1/volumes/vol1/vol1.vmdk"), Path: "/data", Mode: "rw", CopyMode: executor.CopyNew},
		},
		Networks:    map[string]*executor.NetworkEndpoint{"bridge": endpoint("192", "bridge", "172.16.0.2/16", cn)},
		Key:         []byte("container-host-key"),
		LayerID:     "sha256:layer",
		ImageID:     "sha256:image",
		Annotations: map[string]string{"docker.stdinOnce": "false"},
		RepoName:    "nginx:latest",
		Version:     build(),
		Hostname:    "3f1c8a2b9d7e",
		Domainname:  "",
	}
	return e
}

func vecVCH() []Vector {
	var out []Vector
	cfg := vchConfig()
	plain := encode(cfg)
	var pdec config.VirtualContainerHostConfigSpec
	extraconfig.Decode(extraconfig.MapSource(plain), &pdec)
	re := encode(&pdec)
	out = append(out, Vector{
		Name: "vch-config",
		Description: "lib/config.VirtualContainerHostConfigSpec (VIC master) populated in (nearly) every field, encoded with " +
			"extraconfig.Encode(extraconfig.MapSink(m), cfg) — no secret wrapper, so @secret keys hold plaintext. value = the Go value rendered. " +
			"decoded = extraconfig.Decode(MapSource(expected), &VirtualContainerHostConfigSpec{}); extra.reencode_diff = keys whose value differs " +
			"when the decoded value is encoded again (empty = lossless round trip for this value).",
		Value:    R(cfg),
		Expected: plain,
		Decoded:  R(pdec),
		Extra: map[string]interface{}{
			"reencode_diff":             mapDiff(plain, re),
			"fields_not_encoded_by_tag": []string{"Container.ContainerVMSize (recurse depth=0)", "Container.ContainerStores (depth=0)", "Registry.RegistryBlacklist (depth=0)"},
			"fields_not_encoded_by_vic_limitation": []string{
				"Certificate.UserCertificates ([]*config.RawCertificate): encodeSlice treats a slice of pointers as a primitive slice, toString panics, " +
					"the panic is recovered and VIC logs 'unable to encode []*config.RawCertificate (slice) for guestinfo.vice./cert/UserCertificates: " +
					"*config.RawCertificate is an unhandled type'; nothing is written (decode then yields an empty, non-nil slice)",
				"ExecutorConfig.Execs[*].Common.Notes: hidden scope under a non-persistent parent -> calculateKey returns \"\" (cannot combine hidden and non-persistent), key skipped",
			},
		},
	})

	// secret-wrapped encode, fixed key
	keyBytes := make([]byte, 32)
	for i := range keyBytes {
		keyBytes[i] = byte(i)
	}
	keyB64 := base64.StdEncoding.EncodeToString(keyBytes)
	sk := new(extraconfig.SecretKey)
	must(sk.FromString(keyB64))
	sec := map[string]string{}
	extraconfig.Encode(sk.Sink(extraconfig.MapSink(sec)), cfg)
	var sdec config.VirtualContainerHostConfigSpec
	extraconfig.Decode(new(extraconfig.SecretKey).Source(extraconfig.MapSource(sec)), &sdec)
	sre := encode(&sdec)
	secretKeys := []string{}
	plainOfSecret := map[string]string{}
	for _, k := range sortedKeys(sec) {
		if strings.Contains(k, "@secret") {
			secretKeys = append(secretKeys, k)
			plainOfSecret[k] = plain[k]
		}
	}
	out = append(out, Vector{
		Name: "vch-config-secret",
		Description: "Same config encoded the way VIC does for the appliance VM and in its own tests (secret_test.go): " +
			"extraconfig.Encode(sk.Sink(extraconfig.MapSink(m)), cfg), sk a SecretKey set with FromString(secret_key_b64) (bytes 0..31). " +
			"The sink first stores the key itself under \"guestinfo.ovfEnv\" (base64 std), then every key containing the @secret suffix gets " +
			"value = base64std(nonce[24] || nacl secretbox.Seal(plaintext, nonce, key)), where plaintext is exactly the value the plain encode writes " +
			"(for []byte fields that is already base64 text, see extra.secret_plaintexts; checked with PyNaCl SecretBox(key).decrypt(ct[24:], ct[:24])); " +
			"the nonce comes from crypto/rand so ciphertexts differ " +
			"on every build. decoded = Decode(new(SecretKey).Source(MapSource(expected)), ...) (the Source picks up the key from guestinfo.ovfEnv).",
		SecretKey: keyB64,
		Expected:  sec,
		Decoded:   R(sdec),
		Extra: map[string]interface{}{
			"secret_keys":            secretKeys,
			"secret_plaintexts":      plainOfSecret,
			"reencode_diff_vs_plain": mapDiff(plain, sre),
		},
	})

	ec := containerConfig()
	cexp := encode(ec)
	var cdec executor.ExecutorConfig
	extraconfig.Decode(extraconfig.MapSource(cexp), &cdec)
	cre := encode(&cdec)
	out = append(out, Vector{
		Name: "containervm-executor-config",
		Description: "lib/config/executor.ExecutorConfig of a containerVM (one session keyed by the container ID with Cmd Path/Args/Env/Dir, " +
			"Started, ExitStatus, Diagnostics with an ExitLog, Detail Create/Start/StopTime; one non-persistent Exec; a mount; a bridge network endpoint; " +
			"a version.Build), encoded with extraconfig.Encode(MapSink). decoded = Decode(MapSource(expected)); extra.reencode_diff as in vch-config.",
		Value:    R(ec),
		Expected: cexp,
		Decoded:  R(cdec),
		Extra: map[string]interface{}{
			"reencode_diff": mapDiff(cexp, cre),
		},
	})
	return out
}

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: vicvectors <vic-commit> <go-version>")
		os.Exit(2)
	}
	extraconfig.SetLogLevel(logrus.WarnLevel)

	o := Output{
		Format: 1,
		Source: fmt.Sprintf("VIC master %s pkg/vsphere/extraconfig, built with %s", os.Args[1], os.Args[2]),
		Notes: []string{
			"All maps were produced by VIC's own extraconfig.Encode into extraconfig.MapSink (a plain map; no \"<nil>\" substitution and no dropping of read-only keys, which GuestInfoSink would do).",
			"'value' and 'decoded' are rendered by the harness: Go field names, []byte (including net.IP/net.IPMask) as base64 std, nil pointer/slice/map as null, embedded structs nested under their type name (not flattened), unexported fields omitted, time.Time as String().",
			"The harness ran with TZ=UTC; time.Parse uses time.Local to resolve zone abbreviations.",
			"Go version matters for std-library structs that VIC encodes by reflection: url.URL in this Go has RawFragment and OmitHost fields, which VIC's own CI Go (go1.8) did not have, so keys ending in /RawFragment and /OmitHost would not appear with go1.8.",
			"Key ordering is irrelevant (maps); the map 'listing' values are sorted by VIC itself.",
		},
	}
	o.Vectors = append(o.Vectors, vecSkip()...)
	o.Vectors = append(o.Vectors, vecTimes()...)
	o.Vectors = append(o.Vectors, vecLists()...)
	o.Vectors = append(o.Vectors, vecVCH()...)

	enc := json.NewEncoder(os.Stdout)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	must(enc.Encode(o))
}
