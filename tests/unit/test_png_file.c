/* test_png_file.c: the PNG encoder (libdeflate and libpng), read back by libpng's own reader pixel by pixel. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "plots/png_file.h"
#include "testutil.h"

#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A w x h RGB24 image with padding between rows (stride), its pixels a
 * pattern with flat runs, gradients and noise from a fixed seed, the
 * padding and the unused top byte of each pixel set to garbage (PNG must
 * not see them). */
static unsigned char *test_image(int w, int h, int stride, unsigned seed)
{
	unsigned char *data = malloc((size_t)stride * (size_t)h);
	assert_non_null(data);
	memset(data, 0xa5, (size_t)stride * (size_t)h);
	for (int y = 0; y < h; y++) {
		uint32_t *px = (uint32_t *)(void *)(data + (size_t)y * (size_t)stride);
		for (int x = 0; x < w; x++) {
			seed = seed * 1103515245u + 12345u;
			uint32_t v;
			if (y < h / 3)
				v = 0xffffff; /* white, as most of a chart */
			else if (y < 2 * h / 3)
				v = (uint32_t)(x * 255 / w) << 16 | (uint32_t)(y * 255 / h) << 8 | 0x40;
			else
				v = seed >> 8 & 0xffffff;
			px[x] = 0x5a000000u | v;
		}
	}
	return data;
}

/* Read path back with libpng and check its header (8-bit RGB, w x h, no
 * interlace), its resolution (dots per metre of 300 dpi) and every pixel
 * against data. */
static void check_png(const char *path, const unsigned char *data, int w, int h, int stride)
{
	FILE *fp = fopen(path, "rb");
	assert_non_null(fp);
	png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
	png_infop info = png_create_info_struct(png);
	assert_non_null(info);
	unsigned char *row = malloc(3 * (size_t)w);
	assert_non_null(row);
	if (setjmp(png_jmpbuf(png)))
		fail_msg("libpng cannot read '%s'", path);
	png_init_io(png, fp);
	png_read_info(png, info);
	assert_int_equal(png_get_image_width(png, info), w);
	assert_int_equal(png_get_image_height(png, info), h);
	assert_int_equal(png_get_bit_depth(png, info), 8);
	assert_int_equal(png_get_color_type(png, info), PNG_COLOR_TYPE_RGB);
	assert_int_equal(png_get_interlace_type(png, info), PNG_INTERLACE_NONE);
	png_uint_32 xres = 0, yres = 0;
	int unit = -1;
	assert_true(png_get_pHYs(png, info, &xres, &yres, &unit));
	assert_int_equal(unit, PNG_RESOLUTION_METER);
	assert_int_equal(xres, 11811); /* 300 / 0.0254 = 11 811.02 */
	assert_int_equal(yres, 11811);
	for (int y = 0; y < h; y++) {
		png_read_row(png, row, NULL);
		const uint32_t *px = (const uint32_t *)(const void *)(data + (size_t)y * (size_t)stride);
		for (int x = 0; x < w; x++) {
			uint32_t got = (uint32_t)row[3 * x] << 16 | (uint32_t)row[3 * x + 1] << 8 | row[3 * x + 2];
			if (got != (px[x] & 0xffffff))
				fail_msg("'%s': pixel (%d, %d) is %06x, drawn %06x", path, x, y, (unsigned)got,
					 (unsigned)(px[x] & 0xffffff));
		}
	}
	png_read_end(png, NULL); /* checks every CRC and the zlib stream's end */
	png_destroy_read_struct(&png, &info, NULL);
	free(row);
	fclose(fp);
}

/* Images of several sizes through one encoder (its buffers grow and are
 * reused, a smaller image after a larger one), each read back exactly. */
static void test_round_trip(void **state)
{
	(void)state;
	static const int sizes[][3] = { { 1, 1, 4 }, { 37, 23, 160 }, { 640, 480, 2560 }, { 5, 3, 64 },
					{ 1201, 997, 4812 } };
	struct png_encoder pe;
	png_encoder_init(&pe);
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		int w = sizes[i][0], h = sizes[i][1], stride = sizes[i][2];
		unsigned char *data = test_image(w, h, stride, (unsigned)i + 1);
		char path[512];
		snprintf(path, sizeof(path), "%s/image-%zu.png", test_tmpdir, i);
		assert_int_equal(png_file_write(&pe, data, w, h, stride, 300.0, 0, path), 0);
		check_png(path, data, w, h, stride);
		free(data);
	}
	png_encoder_release(&pe);
}

/* With whiten the image is encoded as it was and left white, padding
 * and all: the canvas of the next chart. */
static void test_whiten(void **state)
{
	(void)state;
	struct png_encoder pe;
	png_encoder_init(&pe);
	int w = 301, h = 77, stride = 1216;
	unsigned char *data = test_image(w, h, stride, 11), *copy = malloc((size_t)stride * (size_t)h);
	assert_non_null(copy);
	memcpy(copy, data, (size_t)stride * (size_t)h);
	char path[512];
	snprintf(path, sizeof(path), "%s/whitened.png", test_tmpdir);
	assert_int_equal(png_file_write(&pe, data, w, h, stride, 300.0, 1, path), 0);
	check_png(path, copy, w, h, stride);
	for (size_t i = 0; i < (size_t)stride * (size_t)h; i++)
		if (data[i] != 0xff)
			fail_msg("byte %zu of the image is %02x after the encoder, not white", i, data[i]);
	free(copy);
	free(data);
	png_encoder_release(&pe);
}

/* A file that cannot be made or written is a failure, and the encoder still works. */
static void test_unwritable(void **state)
{
	(void)state;
	struct png_encoder pe;
	png_encoder_init(&pe);
	unsigned char *data = test_image(8, 8, 32, 7);
	char path[512];
	snprintf(path, sizeof(path), "%s/no-such-dir/a.png", test_tmpdir);
	assert_int_equal(png_file_write(&pe, data, 8, 8, 32, 300.0, 0, path), -1);
	assert_int_equal(png_file_write(&pe, data, 8, 8, 32, 300.0, 0, "/dev/full"), -1); /* no room */
	snprintf(path, sizeof(path), "%s/after.png", test_tmpdir);
	assert_int_equal(png_file_write(&pe, data, 8, 8, 32, 300.0, 0, path), 0);
	check_png(path, data, 8, 8, 32);
	free(data);
	png_encoder_release(&pe);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_whiten),
		cmocka_unit_test(test_unwritable),
	};
	return cmocka_run_group_tests(tests, tmpdir_setup, tmpdir_teardown);
}
