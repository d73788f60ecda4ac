/*
 * replay_main.c - a main() for the libFuzzer targets, so that their saved
 * reproducers run in the ordinary build (gcc, no clang, no libFuzzer):
 *
 *   replay_<target> FILE|DIR...
 *
 * Calls LLVMFuzzerInitialize once, then LLVMFuzzerTestOneInput on every
 * file given (and every regular file inside a directory given, in sorted
 * order). A broken promise aborts, as under libFuzzer; ctest runs one
 * replayer per tests/fuzz/regressions/<target>/ directory. Built with
 * -DRQ_SANITIZE=ON it replays them under ASan and UBSan as well.
 */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int replay_file(const char *path)
{
    char *data = NULL;
    size_t len = 0;
    if (rq_read_file(path, &data, &len) != 0) {
        fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
        return -1;
    }
    /* an exact-size copy, so that a read past the input is caught by ASan
     * as it would be under libFuzzer */
    uint8_t *copy = malloc(len ? len : 1);
    if (!copy) {
        free(data);
        return -1;
    }
    memcpy(copy, data, len);
    free(data);
    LLVMFuzzerTestOneInput(copy, len);
    free(copy);
    printf("replayed %s (%zu bytes)\n", path, len);
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int replay_dir(const char *dir, int *count)
{
    DIR *dp = opendir(dir);
    if (!dp) {
        fprintf(stderr, "replay: %s: %s\n", dir, strerror(errno));
        return -1;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    int rc = 0;
    struct dirent *de;
    while ((de = readdir(dp))) {
        if (de->d_name[0] == '.')
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            char **q = realloc(names, cap * sizeof *q);
            if (!q) {
                rc = -1;
                break;
            }
            names = q;
        }
        names[n] = rq_sprintf("%s/%s", dir, de->d_name);
        if (!names[n]) {
            rc = -1;
            break;
        }
        n++;
    }
    closedir(dp);
    if (n)
        qsort(names, n, sizeof *names, cmp_str);
    for (size_t i = 0; i < n; i++) {
        struct stat st;
        if (rc == 0 && stat(names[i], &st) == 0 && S_ISREG(st.st_mode)) {
            if (replay_file(names[i]) != 0)
                rc = -1;
            ++*count;
        }
        free(names[i]);
    }
    free(names);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s FILE|DIR...\n", argv[0]);
        return 2;
    }
    LLVMFuzzerInitialize(&argc, &argv);
    int rc = 0, count = 0;
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
            if (replay_dir(argv[i], &count) != 0)
                rc = 1;
        } else {
            if (replay_file(argv[i]) != 0)
                rc = 1;
            count++;
        }
    }
    printf("%d inputs replayed\n", count);
    return rc;
}
