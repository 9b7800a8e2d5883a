package site

// crc32Combine returns the CRC-32 (IEEE) of the concatenation of two
// byte strings from crc1, the CRC of the first, and crc2 and len2, the CRC
// and length of the second, as zlib's crc32_combine does: crc1 is carried
// over len2 zero bytes by multiplying it by x^(8·len2) modulo the CRC's
// polynomial. The workbook's sheets are compressed in chunks whose
// checksums are kept, so that the checksum of a sheet, of which one chunk
// changed, is had without reading the others.
func crc32Combine(crc1, crc2 uint32, len2 int64) uint32 {
	if len2 <= 0 {
		return crc1
	}
	return multModP(x2nModP(len2, 3), crc1) ^ crc2
}

// crcPoly is the reflected IEEE polynomial.
const crcPoly = 0xedb88320

// multModP returns a·b modulo the polynomial, in the reflected bit order
// the CRC uses.
func multModP(a, b uint32) uint32 {
	var p uint32
	for m := uint32(1) << 31; ; m >>= 1 {
		if a&m != 0 {
			p ^= b
			if a&(m-1) == 0 {
				break
			}
		}
		if b&1 != 0 {
			b = b>>1 ^ crcPoly
		} else {
			b >>= 1
		}
	}
	return p
}

// x2nTable[k] is x^(2^k) modulo the polynomial.
var x2nTable = func() [32]uint32 {
	var t [32]uint32
	p := uint32(1) << 30 // x^1
	t[0] = p
	for n := 1; n < 32; n++ {
		p = multModP(p, p)
		t[n] = p
	}
	return t
}()

// x2nModP returns x^(n·2^k) modulo the polynomial.
func x2nModP(n int64, k uint) uint32 {
	p := uint32(1) << 31 // x^0
	for ; n != 0; n, k = n>>1, k+1 {
		if n&1 != 0 {
			p = multModP(x2nTable[k&31], p)
		}
	}
	return p
}
