/* png_file.c: a cairo RGB24 image as an 8-bit RGB PNG file, deflated whole by libdeflate and written by libpng. */
#include "png_file.h"
#include "core/util.h"

#include <libdeflate.h>
#include <math.h>
#include <png.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The image data is written in IDAT chunks of at most this many bytes (a
 * chart's is about 0.2 MB, so mostly one; PNG allows 2^31 - 1). */
#define IDAT_MAX ((size_t)1 << 20)

void png_encoder_init(struct png_encoder *pe)
{
	memset(pe, 0, sizeof(*pe));
}

void png_encoder_release(struct png_encoder *pe)
{
	libdeflate_free_compressor(pe->deflate);
	free(pe->rows);
	free(pe->zdata);
	memset(pe, 0, sizeof(*pe));
}

/* The rows as PNG's image data holds them before deflate (PNG 1.2,
 * sections 2.3 and 6): each row a filter-type byte (0, none) and then R,
 * G, B of each pixel. On a little-endian machine a pixel is stored as one
 * 4-byte word R, G, B, 0 whose last byte the next pixel (or the next
 * row's filter byte) overwrites, so out needs one byte of room past the
 * image data. With whiten, each row of data is set to white once read,
 * while it is in the cache. */
static void pack_rows(unsigned char *data, int w, int h, int stride, int whiten, unsigned char *out)
{
	for (int y = 0; y < h; y++) {
		unsigned char *line = data + (size_t)y * (size_t)stride;
		const uint32_t *px = (const uint32_t *)(const void *)line;
		*out++ = 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
		for (int x = 0; x < w; x++) {
			uint32_t p = px[x];
			uint32_t rgb = (p >> 16 & 0xff) | (p & 0xff00) | (p & 0xff) << 16;
			memcpy(out, &rgb, 4);
			out += 3;
		}
#else
		for (int x = 0; x < w; x++) {
			uint32_t p = px[x];
			out[0] = (unsigned char)(p >> 16);
			out[1] = (unsigned char)(p >> 8);
			out[2] = (unsigned char)p;
			out += 3;
		}
#endif
		if (whiten)
			memset(line, 0xff, (size_t)stride);
	}
}

/* Deflate the packed rows[0..n) into pe->zdata as one zlib stream (the
 * IDAT data of PNG 1.2, section 10); returns its length. */
static size_t deflate_rows(struct png_encoder *pe, size_t n)
{
	if (!pe->deflate && !(pe->deflate = libdeflate_alloc_compressor(PNG_FILE_LEVEL)))
		abort(); /* out of memory */
	size_t bound = libdeflate_zlib_compress_bound(pe->deflate, n);
	if (bound > pe->zdata_size) {
		free(pe->zdata);
		pe->zdata = xmalloc(bound);
		pe->zdata_size = bound;
	}
	size_t len = libdeflate_zlib_compress(pe->deflate, pe->rows, n, pe->zdata, pe->zdata_size);
	if (len == 0)
		abort(); /* a bug: the bound is libdeflate's own worst case */
	return len;
}

/* Write the PNG of the deflated image data zdata[0..zlen) to fp with
 * libpng: the signature, IHDR and pHYs (png_write_info), the data as IDAT
 * chunks and IEND. 0 on success. */
static int write_chunks(FILE *fp, int w, int h, double dpi, const unsigned char *zdata, size_t zlen)
{
	png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
	png_infop info = png ? png_create_info_struct(png) : NULL;
	if (!png || !info || setjmp(png_jmpbuf(png))) {
		png_destroy_write_struct(&png, &info);
		return -1;
	}
	png_init_io(png, fp);
	png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, 8, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
		     PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
	png_uint_32 ppm = (png_uint_32)lround(dpi / 0.0254);
	png_set_pHYs(png, info, ppm, ppm, PNG_RESOLUTION_METER);
	png_write_info(png, info);
	for (size_t off = 0; off < zlen; off += IDAT_MAX) {
		size_t n = zlen - off < IDAT_MAX ? zlen - off : IDAT_MAX;
		png_write_chunk(png, (png_const_bytep) "IDAT", zdata + off, n);
	}
	png_write_chunk(png, (png_const_bytep) "IEND", NULL, 0);
	png_destroy_write_struct(&png, &info);
	return 0;
}

int png_file_write(struct png_encoder *pe, unsigned char *data, int w, int h, int stride, double dpi, int whiten,
		   const char *path)
{
	size_t n = (size_t)h * (3 * (size_t)w + 1);
	if (n + 1 > pe->rows_size) { /* pack_rows' one byte of room */
		size_t reserve = (size_t)PNG_FILE_RESERVE_H * (3 * (size_t)PNG_FILE_RESERVE_W + 1) + 1;
		free(pe->rows);
		pe->rows_size = n + 1 > reserve ? n + 1 : reserve;
		pe->rows = xmalloc_big(pe->rows_size);
	}
	pack_rows(data, w, h, stride, whiten, pe->rows);
	size_t zlen = deflate_rows(pe, n);
	FILE *fp = fopen(path, "wb");
	if (!fp)
		return -1;
	int rc = write_chunks(fp, w, h, dpi, pe->zdata, zlen);
	if (fclose(fp) != 0)
		rc = -1;
	return rc;
}
