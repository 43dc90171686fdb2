package io.silas.execution.search;

import io.silas.core.error.SilasException;

/**
 * One search result as a provider reports it. Everything here is third-party text: the executor strips markup,
 * caps lengths, drops results outside the allowed domains and marks its output {@code EXTERNAL}.
 *
 * @param title   result title ("" if the provider gave none)
 * @param url     absolute result URL
 * @param snippet text excerpt ("" if none)
 */
public record SearchHit(String title, String url, String snippet) {
    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param title   result title ("" if the provider gave none)
     * @param url     absolute result URL
     * @param snippet text excerpt ("" if none) /
public
     */
    public SearchHit {
        if (url == null || url.isBlank()) {
            throw SilasException.invalid("url", "must not be blank");
        }
        title = title == null ? "" : title;
        snippet = snippet == null ? "" : snippet;
    }
}
