from ninja import NinjaAPI

api = NinjaAPI(title="Cơ Sở API", version="1", openapi_url="/openapi.json", docs_url="/docs")
