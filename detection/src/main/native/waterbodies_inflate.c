/*
 * JNI glue between io.waterbodies.detection.internal.LibDeflate and the system's libdeflate.
 *
 * libdeflate is opened with dlopen rather than linked, so this library always loads and init()
 * can say why the fast path is off (libdeflate missing, a symbol missing) instead of the JVM
 * failing System.load with a linker message.
 *
 * The three libdeflate functions used are declared here from its documented API (libdeflate.h):
 * decompressors are opaque pointers, results are 0 success, 1 bad data, 2 short output,
 * 3 insufficient space.
 */
#include <dlfcn.h>
#include <jni.h>
#include <stddef.h>
#include <stdint.h>

typedef void *(*alloc_decompressor_fn)(void);
typedef void (*free_decompressor_fn)(void *);
typedef int (*zlib_decompress_fn)(void *, const void *, size_t, void *, size_t, size_t *);

static alloc_decompressor_fn alloc_decompressor;
static free_decompressor_fn free_decompressor;
static zlib_decompress_fn zlib_decompress;

/* Returns null when libdeflate is ready, else why it is not. */
JNIEXPORT jstring JNICALL
Java_io_waterbodies_detection_internal_LibDeflate_init(JNIEnv *env, jclass cls) {
  (void)cls;
  void *lib = dlopen("libdeflate.so.0", RTLD_NOW | RTLD_LOCAL);
  if (lib == NULL) {
    const char *why = dlerror();
    return (*env)->NewStringUTF(env, why != NULL ? why : "dlopen(libdeflate.so.0) failed");
  }
  alloc_decompressor = (alloc_decompressor_fn)dlsym(lib, "libdeflate_alloc_decompressor");
  free_decompressor = (free_decompressor_fn)dlsym(lib, "libdeflate_free_decompressor");
  zlib_decompress = (zlib_decompress_fn)dlsym(lib, "libdeflate_zlib_decompress");
  if (alloc_decompressor == NULL || free_decompressor == NULL || zlib_decompress == NULL) {
    return (*env)->NewStringUTF(env, "libdeflate.so.0 lacks the decompressor functions");
  }
  return NULL;
}

/* A new decompressor, or 0 when out of memory. */
JNIEXPORT jlong JNICALL
Java_io_waterbodies_detection_internal_LibDeflate_alloc(JNIEnv *env, jclass cls) {
  (void)env;
  (void)cls;
  return (jlong)(intptr_t)alloc_decompressor();
}

JNIEXPORT void JNICALL
Java_io_waterbodies_detection_internal_LibDeflate_free(JNIEnv *env, jclass cls, jlong d) {
  (void)env;
  (void)cls;
  free_decompressor((void *)(intptr_t)d);
}

/*
 * Decodes the zlib stream in[inOff, inOff + inLen) into exactly out[0, outLen). The caller has
 * checked both ranges against the arrays. Returns libdeflate's result, or -1 when the JVM could
 * not pin an array.
 */
JNIEXPORT jint JNICALL
Java_io_waterbodies_detection_internal_LibDeflate_zlibDecompress(
    JNIEnv *env, jclass cls, jlong d, jbyteArray in, jint inOff, jint inLen, jbyteArray out,
    jint outLen) {
  (void)cls;
  jbyte *src = (*env)->GetPrimitiveArrayCritical(env, in, NULL);
  if (src == NULL) {
    return -1;
  }
  jbyte *dst = (*env)->GetPrimitiveArrayCritical(env, out, NULL);
  if (dst == NULL) {
    (*env)->ReleasePrimitiveArrayCritical(env, in, src, JNI_ABORT);
    return -1;
  }
  int r = zlib_decompress((void *)(intptr_t)d, src + inOff, (size_t)inLen, dst, (size_t)outLen,
                          NULL);
  (*env)->ReleasePrimitiveArrayCritical(env, out, dst, 0);
  (*env)->ReleasePrimitiveArrayCritical(env, in, src, JNI_ABORT);
  return r;
}
