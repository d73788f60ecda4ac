/*
 * parse_floor.c - the benchmark's floor: read a JSON Lines file and parse
 * every line with cJSON, nothing else. reqmatch rank cannot be faster
 * than this; the target is to stay within twice its time.
 *
 *     parse_floor FILE.jsonl      prints the number of documents parsed
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include <cjson/cJSON.h>

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: parse_floor FILE.jsonl\n");
        return 1;
    }
    FILE *f = strcmp(argv[1], "-") == 0 ? stdin : fopen(argv[1], "rb");
    if (!f) {
        perror(argv[1]);
        return 1;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    long ok = 0, bad = 0;
    while ((n = getline(&line, &cap, f)) >= 0) {
        cJSON *doc = cJSON_ParseWithLength(line, (size_t)n);
        if (doc)
            ok++;
        else
            bad++;
        cJSON_Delete(doc);
    }
    free(line);
    if (f != stdin)
        fclose(f);
    printf("%ld parsed, %ld unparsable\n", ok, bad);
    return 0;
}
