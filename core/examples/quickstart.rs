use wecom_bot::{Client, ClientConfig, Text, Webhook};

fn main() -> Result<(), wecom_bot::Error> {
    let config = ClientConfig { base_url: Some("http://127.0.0.1:8080".into()), ..ClientConfig::default() };
    let bot = Client::with_config(Webhook::parse("693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa")?, config)?;
    bot.send(&Text::new("deploy finished").mention_all().into())?;
    bot.send_markdown("**build #42** <font color=\"info\">passed</font>")?;
    Ok(())
}
