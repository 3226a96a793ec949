/* png_file.h: a cairo RGB24 image as an 8-bit RGB PNG file, deflated whole by libdeflate and written by libpng. */
#ifndef TILLID_PNG_FILE_H
#define TILLID_PNG_FILE_H

#include <stddef.h>

struct libdeflate_compressor;

/* The libdeflate level of the image data (docs/report.md, Speed: the
 * fastest of the levels measured on the sample study's charts, and 18 %
 * smaller than zlib's level 1). */
#define PNG_FILE_LEVEL 2

/* The largest image expected, an A4 page at 300 dpi (2480 x 3508
 * pixels): buffers are reserved for it at once (only the pages an image
 * writes are touched), so that they are mapped once, not again as the
 * charts grow. */
#define PNG_FILE_RESERVE_W 2480
#define PNG_FILE_RESERVE_H 3508

/* What an encoder keeps from one image to the next: the compressor and
 * the buffers of the rows as PNG lays them out and of their deflated
 * bytes, so that a writing thread neither allocates nor faults in fresh
 * memory per chart. One encoder per thread. */
struct png_encoder {
	struct libdeflate_compressor *deflate;
	unsigned char *rows, *zdata;
	size_t rows_size, zdata_size;
};

void png_encoder_init(struct png_encoder *pe);
void png_encoder_release(struct png_encoder *pe);

/* Write the w x h pixels at data (cairo's CAIRO_FORMAT_RGB24: a native
 * uint32_t 0xXXRRGGBB per pixel, rows stride bytes apart) to path as an
 * 8-bit RGB PNG, unfiltered rows, with dpi recorded in its pHYs chunk (so
 * that Word and PowerPoint place it at its size). With whiten set, every
 * byte of data[0 .. h * stride) is set to 0xff (white) as soon as its row
 * is read, whatever happens after: a canvas is left ready for the next
 * image without a pass of its own over cold memory; otherwise data is
 * only read. Returns 0, or -1 when the file cannot be written (errno
 * says why; a partial file may be left at path, which lies in the
 * caller's temporary directory). Out of memory aborts. */
int png_file_write(struct png_encoder *pe, unsigned char *data, int w, int h, int stride, double dpi, int whiten,
		   const char *path);

#endif
