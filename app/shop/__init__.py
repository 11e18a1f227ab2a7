"""The shop's own data: catalog, shipping templates, promotions, after-sale policy, hours."""

from app.shop.errors import ShopDataError
from app.shop.load import load_shop
from app.shop.models import Place, Product, Promotion, Region, Shipping, Shop
from app.shop.variables import yuan

__all__ = [
    "Place",
    "Product",
    "Promotion",
    "Region",
    "Shipping",
    "Shop",
    "ShopDataError",
    "load_shop",
    "yuan",
]
