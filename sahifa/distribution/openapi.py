"""The OpenAPI 3.0 description of the public API, served at
/api/v2/openapi.json. Hand-written (the API is small and stable) and checked
in the tests against the OpenAPI 3.0 meta-schema and by a schemathesis run."""

from __future__ import annotations

from django.conf import settings

from .urls_util import base_url


def _param(name: str, description: str, schema: dict, where: str = "query") -> dict:
    return {
        "name": name,
        "in": where,
        "required": where == "path",
        "description": description,
        "schema": schema,
    }


PAGING = [
    _param(
        "limit",
        "Items per page (1–50).",
        {"type": "integer", "minimum": 1, "maximum": 50, "default": 20},
    ),
    _param("offset", "Items to skip.", {"type": "integer", "minimum": 0, "default": 0}),
]
ARTICLE_FILTERS = [
    _param("section", "Section slug or id.", {"type": "string"}),
    _param("tag", "Tag slug.", {"type": "string"}),
    _param("author", "Author slug.", {"type": "string"}),
    _param(
        "from",
        "Published on or after (YYYY-MM-DD or ISO 8601 datetime).",
        {"type": "string", "format": "date"},
    ),
    _param(
        "to",
        "Published on or before (YYYY-MM-DD or ISO 8601 datetime).",
        {"type": "string", "format": "date"},
    ),
]
FIELDS = _param(
    "fields",
    "Comma-separated fields to add (`*` for all, `-name` to remove, `_` to reset).",
    {"type": "string"},
)
ORDER = _param(
    "order",
    "Field to order by, `-` for descending, or `random`.",
    {
        "type": "string",
        "enum": ["id", "-id", "title", "-title", "first_published_at", "-first_published_at"],
    },
)
ID = _param("id", "Object id.", {"type": "integer", "minimum": 1}, "path")

ERROR = {
    "description": "Bad request",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
}
NOT_FOUND = {
    "description": "Not found",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
}


def _listing(item_ref: str) -> dict:
    return {
        "description": "A page of results",
        "headers": {"Cache-Control": {"schema": {"type": "string"}}},
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "required": ["meta", "items"],
                    "properties": {
                        "meta": {
                            "type": "object",
                            "required": ["total_count"],
                            "properties": {"total_count": {"type": "integer"}},
                        },
                        "items": {"type": "array", "items": {"$ref": item_ref}},
                    },
                }
            }
        },
    }


def _detail(item_ref: str) -> dict:
    return {
        "description": "One object",
        "headers": {"Cache-Control": {"schema": {"type": "string"}}},
        "content": {"application/json": {"schema": {"$ref": item_ref}}},
    }


RENDITION = {
    "type": "object",
    "required": ["url", "width", "height"],
    "properties": {
        "url": {"type": "string", "format": "uri"},
        "width": {"type": "integer"},
        "height": {"type": "integer"},
    },
}
LINK = {
    "type": "object",
    "required": ["id", "title", "url"],
    "properties": {
        "id": {"type": "integer"},
        "title": {"type": "string"},
        "url": {"type": "string", "format": "uri"},
    },
}
META = {
    "type": "object",
    "properties": {
        "type": {"type": "string", "example": "articles.ArticlePage"},
        "detail_url": {"type": "string", "format": "uri"},
        "html_url": {"type": "string", "format": "uri", "nullable": True},
        "slug": {"type": "string"},
        "first_published_at": {"type": "string", "format": "date-time", "nullable": True},
    },
}

SCHEMAS = {
    "Error": {"type": "object", "required": ["message"], "properties": {"message": {"type": "string"}}},
    "Rendition": RENDITION,
    "Hero": {
        "type": "object",
        "nullable": True,
        "properties": {
            "id": {"type": "integer"},
            "caption": {"type": "string"},
            "alt": {"type": "string"},
            "photographer": {"type": "string"},
            "agency": {"type": "string"},
            "credit": {"type": "string"},
            "width": {"type": "integer"},
            "height": {"type": "integer"},
            "renditions": {"type": "object", "additionalProperties": {"$ref": "#/components/schemas/Rendition"}},
        },
    },
    "Section": {
        "type": "object",
        "nullable": True,
        "properties": {"id": {"type": "integer"}, "title": {"type": "string"}, "slug": {"type": "string"}, "url": {"type": "string"}},
    },
    "Author": {
        "type": "object",
        "properties": {
            "id": {"type": "integer"}, "name": {"type": "string"}, "slug": {"type": "string"},
            "role": {"type": "string"}, "url": {"type": "string", "format": "uri"},
        },
    },
    "Tag": {"type": "object", "properties": {"name": {"type": "string"}, "slug": {"type": "string"}, "url": {"type": "string"}}},
    "Block": {
        "type": "object",
        "required": ["type", "value"],
        "description": "A body block: paragraph (sanitised HTML), subheading, quote, image, embed, read_also.",
        "properties": {
            "type": {"type": "string", "enum": ["paragraph", "subheading", "quote", "image", "embed", "read_also"]},
            "id": {"type": "string"},
            "value": {},
        },
    },
    "Audio": {
        "type": "object",
        "nullable": True,
        "description": "schema.org AudioObject of the article's spoken version.",
        "properties": {
            "@type": {"type": "string"}, "contentUrl": {"type": "string"},
            "encodingFormat": {"type": "string"}, "duration": {"type": "string"},
        },
    },
    "Page": {
        "type": "object",
        "required": ["id", "meta", "title"],
        "properties": {"id": {"type": "integer"}, "meta": META, "title": {"type": "string"}},
    },
    "Article": {
        "type": "object",
        "required": ["id", "meta"],
        "properties": {
            "id": {"type": "integer"},
            "meta": {
                "allOf": [META],
                "properties": {
                    "published_at": {"type": "string", "format": "date-time", "nullable": True},
                    "updated_at": {"type": "string", "format": "date-time", "nullable": True},
                },
            },
            "title": {"type": "string"},
            "headline": {"type": "string"},
            "dek": {"type": "string"},
            "section": {"$ref": "#/components/schemas/Section"},
            "authors": {"type": "array", "items": {"$ref": "#/components/schemas/Author"}},
            "tags": {"type": "array", "items": {"$ref": "#/components/schemas/Tag"}},
            "hero": {"$ref": "#/components/schemas/Hero"},
            "body": {"type": "array", "items": {"$ref": "#/components/schemas/Block"}},
            "body_html": {"type": "string", "description": "The body as sanitised HTML with absolute URLs."},
            "audio": {"$ref": "#/components/schemas/Audio"},
            "related": {"type": "array", "items": LINK},
            "share_image": {"type": "string", "format": "uri", "nullable": True},
        },
    },
    "Image": {
        "type": "object",
        "required": ["id", "meta", "title"],
        "properties": {
            "id": {"type": "integer"},
            "meta": {"type": "object"},
            "title": {"type": "string"},
            "width": {"type": "integer"},
            "height": {"type": "integer"},
            "caption": {"type": "string"},
            "photographer": {"type": "string"},
            "agency": {"type": "string"},
            "credit": {"type": "string"},
            "renditions": {"type": "object", "additionalProperties": {"$ref": "#/components/schemas/Rendition"}},
        },
    },
    "SearchResult": {
        "type": "object",
        "properties": {
            "id": {"type": "integer"}, "title": {"type": "string"}, "url": {"type": "string"},
            "snippet": {"type": "string"}, "section": {"type": "string"},
            "first_published_at": {"type": "string", "format": "date-time"},
        },
    },
}  # fmt: skip


def document(request=None) -> dict:
    site = settings.WAGTAIL_SITE_NAME
    ok_article = _detail("#/components/schemas/Article")
    return {
        "openapi": "3.0.3",
        "info": {
            "title": f"{site} API",
            "version": "2.0",
            "description": (
                "Read-only public API of the newsroom: live articles, pages and images. "
                "JSON, UTF-8; Arabic text as stored. No authentication."
            ),
            "license": {"name": "GPL-3.0-or-later"},
        },
        "servers": [{"url": base_url(request)}],
        "paths": {
            "/api/v2/articles/": {
                "get": {
                    "operationId": "listArticles",
                    "summary": "Live articles, newest first",
                    "parameters": [
                        *PAGING,
                        *ARTICLE_FILTERS,
                        FIELDS,
                        ORDER,
                        _param("search", "Full-text search.", {"type": "string"}),
                    ],
                    "responses": {"200": _listing("#/components/schemas/Article"), "400": ERROR},
                }
            },
            "/api/v2/articles/{id}/": {
                "get": {
                    "operationId": "getArticle",
                    "summary": "One live article with every field",
                    "parameters": [ID, FIELDS],
                    "responses": {"200": ok_article, "400": ERROR, "404": NOT_FOUND},
                }
            },
            "/api/v2/pages/": {
                "get": {
                    "operationId": "listPages",
                    "summary": "Live pages (Wagtail API v2)",
                    "parameters": [
                        *PAGING,
                        _param(
                            "type",
                            "Page type, e.g. articles.ArticlePage or sections.SectionPage.",
                            {
                                "type": "string",
                                "enum": [
                                    "articles.ArticlePage",
                                    "sections.SectionPage",
                                    "home.HomePage",
                                ],
                            },
                        ),
                        _param("child_of", "Parent page id.", {"type": "integer", "minimum": 1}),
                        _param(
                            "descendant_of", "Ancestor page id.", {"type": "integer", "minimum": 1}
                        ),
                        *ARTICLE_FILTERS,
                        FIELDS,
                        ORDER,
                    ],
                    "responses": {"200": _listing("#/components/schemas/Page"), "400": ERROR},
                }
            },
            "/api/v2/pages/{id}/": {
                "get": {
                    "operationId": "getPage",
                    "summary": "One live page; articles carry the article fields",
                    "parameters": [ID, FIELDS],
                    "responses": {
                        "200": _detail("#/components/schemas/Page"),
                        "400": ERROR,
                        "404": NOT_FOUND,
                    },
                }
            },
            "/api/v2/pages/find/": {
                "get": {
                    "operationId": "findPage",
                    "summary": "Find a page by its public path (redirects to its detail URL)",
                    "parameters": [
                        _param(
                            "html_path",
                            "Path of the page, e.g. /politics/slug/.",
                            {"type": "string"},
                        )
                    ],
                    "responses": {"302": {"description": "Found"}, "400": ERROR, "404": NOT_FOUND},
                }
            },
            "/api/v2/images/": {
                "get": {
                    "operationId": "listImages",
                    "summary": "Images used on live pages",
                    "parameters": [
                        *PAGING,
                        FIELDS,
                        _param(
                            "order",
                            "Field to order by.",
                            {"type": "string", "enum": ["id", "-id", "title", "-title"]},
                        ),
                    ],
                    "responses": {"200": _listing("#/components/schemas/Image"), "400": ERROR},
                }
            },
            "/api/v2/images/{id}/": {
                "get": {
                    "operationId": "getImage",
                    "summary": "One image with credit and renditions",
                    "parameters": [ID, FIELDS],
                    "responses": {
                        "200": _detail("#/components/schemas/Image"),
                        "400": ERROR,
                        "404": NOT_FOUND,
                    },
                }
            },
            "/api/v2/search/": {
                "get": {
                    "operationId": "searchArticles",
                    "summary": "Search live articles (served by the search app)",
                    "parameters": [
                        _param("q", "Search terms (Arabic-aware).", {"type": "string"}),
                        _param("section", "Section slug.", {"type": "string"}),
                        _param(
                            "from",
                            "Published on or after (YYYY-MM-DD).",
                            {"type": "string", "format": "date"},
                        ),
                        _param(
                            "to",
                            "Published on or before (YYYY-MM-DD).",
                            {"type": "string", "format": "date"},
                        ),
                        _param(
                            "sort",
                            "Order of results.",
                            {"type": "string", "enum": ["relevance", "newest"]},
                        ),
                        _param("page", "Result page (1-based).", {"type": "integer", "minimum": 1}),
                    ],
                    "responses": {
                        "200": {
                            "description": "Search results",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "properties": {
                                            "query": {"type": "string"},
                                            "sort": {
                                                "type": "string",
                                                "enum": ["relevance", "newest"],
                                            },
                                            "page": {"type": "integer"},
                                            "page_size": {"type": "integer"},
                                            "total": {
                                                "type": "integer",
                                                "description": "Matching articles, counted "
                                                "up to a cap (see total_exact).",
                                            },
                                            "total_exact": {
                                                "type": "boolean",
                                                "description": "False when more articles "
                                                "match than `total`.",
                                            },
                                            "num_pages": {"type": "integer"},
                                            "relaxed": {
                                                "type": "boolean",
                                                "description": "No article had every word: "
                                                "results match any of them.",
                                            },
                                            "suggestions": {
                                                "type": "array",
                                                "items": {"type": "string"},
                                            },
                                            "results": {
                                                "type": "array",
                                                "items": {
                                                    "$ref": "#/components/schemas/SearchResult"
                                                },
                                            },
                                        },
                                    }
                                }
                            },
                        },
                        "400": ERROR,
                    },
                }
            },
        },
        "components": {"schemas": SCHEMAS},
    }
