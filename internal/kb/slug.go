package kb

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// foldTable maps the accented Latin letters found in French (and a few
// neighbours) to ASCII. The standard library has no Unicode decomposition,
// and this package must not depend on anything else.
var foldTable = func() map[rune]string {
	m := make(map[rune]string)
	for ascii, accented := range map[string]string{
		"A": "ÀÁÂÃÄÅĀĂĄ", "a": "àáâãäåāăą",
		"C": "ÇĆĈĊČ", "c": "çćĉċč",
		"D": "ĎĐ", "d": "ďđ",
		"E": "ÈÉÊËĒĔĖĘĚ", "e": "èéêëēĕėęě",
		"G": "ĜĞĠĢ", "g": "ĝğġģ",
		"I": "ÌÍÎÏĨĪĬĮİ", "i": "ìíîïĩīĭįı",
		"N": "ÑŃŅŇ", "n": "ñńņň",
		"O": "ÒÓÔÕÖØŌŎŐ", "o": "òóôõöøōŏő",
		"U": "ÙÚÛÜŨŪŬŮŰŲ", "u": "ùúûüũūŭůűų",
		"Y": "ÝŸ", "y": "ýÿ",
		"S": "ŚŜŞŠ", "s": "śŝşš",
		"Z": "ŹŻŽ", "z": "źżž",
		"L": "ĹĻĽĿŁ", "l": "ĺļľŀł",
		"R": "ŔŖŘ", "r": "ŕŗř",
		"T": "ŢŤ", "t": "ţť",
	} {
		for _, r := range accented {
			m[r] = ascii
		}
	}
	for r, s := range map[rune]string{'Œ': "OE", 'œ': "oe", 'Æ': "AE", 'æ': "ae", 'ß': "ss"} {
		m[r] = s
	}
	return m
}()

// Fold replaces accented Latin letters by their ASCII base letters:
// « Élèves, cœur » → « Eleves, coeur ». Other characters are kept.
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if f, ok := foldTable[r]; ok {
			b.WriteString(f)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Slug turns a heading or a label into an ASCII kebab-case identifier:
// « Données des élèves » → « donnees-des-eleves ». Apostrophes separate
// words (« l'IA » → « l-ia »). It returns "" if s has no letter or digit.
func Slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range Fold(s) {
		switch {
		case r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(unicode.ToLower(r))
		default:
			dash = true
		}
	}
	return b.String()
}

// IsKebab reports whether s is a valid public identifier: lower-case ASCII
// letters and digits in words joined by single hyphens.
func IsKebab(s string) bool {
	return s != "" && Slug(s) == s
}
