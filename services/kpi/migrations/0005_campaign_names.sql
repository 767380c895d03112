-- The names a report shows in its title: the campaign's, the brand's and
-- the product's, from CampaignOpened. Empty for campaigns opened before the
-- event carried them.
ALTER TABLE campaigns ADD COLUMN campaign_name TEXT NOT NULL DEFAULT '';
ALTER TABLE campaigns ADD COLUMN brand_name TEXT NOT NULL DEFAULT '';
ALTER TABLE campaigns ADD COLUMN product_name TEXT NOT NULL DEFAULT '';
